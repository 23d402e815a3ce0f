global using Microsoft.Extensions.DependencyInjection;
global using PoseSearch.Api.Serving;
global using PoseSearch.TestSupport;
