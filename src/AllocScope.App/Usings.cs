// What nearly every service uses: its context and result, the report model and the output formats.
global using AllocScope.App.Hosting;
global using AllocScope.App.Rendering;
global using AllocScope.Output;
global using AllocScope.Report;
