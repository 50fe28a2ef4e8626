using System.Runtime.CompilerServices;

namespace Campaign.Browser.Tests;

internal static class TestEnvironment
{
    /// <summary>
    /// Many app hosts start in one test run; each would watch appsettings*.json for changes and the machine's
    /// inotify instances run out. Tests never change configuration files, so no host needs to watch them.
    /// </summary>
    [ModuleInitializer]
    internal static void Initialize() => Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
}
