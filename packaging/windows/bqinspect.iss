; Inno Setup 6 script: the Windows installer of the one-folder bundle.
;
; On Windows, from the repository root:
;   pyinstaller packaging\bqinspect.spec
;   iscc /DAppVersion=<version of the package> packaging\windows\bqinspect.iss
; The installer is written to dist\bqinspect-<version>-setup.exe. Installing needs no
; administrator rights; uninstalling leaves the user's data directory in place.

#define AppName "bqinspect"
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define BundleDir "..\..\dist\bqinspect"
#define GuiExe "bqinspect-gui.exe"

[Setup]
; The AppId is the uuid5 of the application id io.github.bqinspect: never change it, or
; upgrades install beside the old version instead of over it.
AppId={{5B9B3763-BC51-5F48-8BEF-D43481468507}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=bqinspect developers
AppComments=Offline bank-branch service-quality inspections and mystery shopping
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename={#AppName}-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\bqinspect.ico
UninstallDisplayIcon={app}\{#GuiExe}
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
; Simplified Chinese, when this Inno Setup installation ships the translation.
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "zh_CN"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#GuiExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#GuiExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#GuiExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
