; Inno Setup script for Triangulate on Windows (build steps: packaging/README.md).
; Input: the PyInstaller one-folder build in build\dist\triangulate (made on Windows by the same spec).
; Output: build\triangulate-<version>-windows-setup.exe. Pass the version on the command line:
;   iscc /DAppVersion=0.1.0 packaging\windows\triangulate.iss
#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif

[Setup]
AppId={{6C1E3B1A-5B0E-4C53-9A57-7D1B4E2F9A10}
AppName=Triangulate
AppVersion={#AppVersion}
AppPublisher=Triangulate
DefaultDirName={autopf}\Triangulate
DefaultGroupName=Triangulate
DisableProgramGroupPage=yes
OutputDir=..\..\build
OutputBaseFilename=triangulate-{#AppVersion}-windows-setup
SetupIconFile=..\..\resources\icons\triangulate.ico
UninstallDisplayIcon={app}\triangulate.exe
Compression=lzma2/max
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequiredOverridesAllowed=dialog
WizardStyle=modern

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\..\build\dist\triangulate\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Triangulate"; Filename: "{app}\triangulate.exe"
Name: "{group}\Uninstall Triangulate"; Filename: "{uninstallexe}"
Name: "{autodesktop}\Triangulate"; Filename: "{app}\triangulate.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\triangulate.exe"; Description: "{cm:LaunchProgram,Triangulate}"; Flags: nowait postinstall skipifsilent

; The editor's libraries live in their data folder (%LOCALAPPDATA%\Triangulate), not in {app}:
; uninstalling never deletes them.
