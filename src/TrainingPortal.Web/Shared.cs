namespace TrainingPortal.Web;

/// <summary>Names the portal's one set of strings: Resources/Shared.resx, Shared.zh-Hans.resx and Shared.zh-Hant.resx.</summary>
public sealed class Shared;
