using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace TrainingPortal.Web.Infrastructure;

/// <summary>
/// Ties a form field to its state for screen readers (WCAG 3.3.1, 3.3.2): a required field says so (aria-required, as
/// the forms are novalidate), and a field the server refused is marked invalid and described by its error message,
/// which <see cref="FieldErrorMessageTagHelper"/> gives an id. Runs after the framework's own helpers, which set the id.
/// </summary>
[HtmlTargetElement("input", Attributes = "asp-for")]
[HtmlTargetElement("select", Attributes = "asp-for")]
[HtmlTargetElement("textarea", Attributes = "asp-for")]
public sealed class FieldStateTagHelper : TagHelper
{
    public override int Order => int.MaxValue;

    [HtmlAttributeName("asp-for")]
    public ModelExpression For { get; set; } = null!;

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (output.Attributes["type"]?.Value?.ToString() is "hidden" or "checkbox" or "radio" || output.Attributes["id"]?.Value?.ToString() is not { Length: > 0 } id)
        {
            return;
        }

        if (For.Metadata.IsRequired && !output.Attributes.ContainsName("aria-required"))
        {
            output.Attributes.SetAttribute("aria-required", "true");
        }

        var name = ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(For.Name);
        if (ViewContext.ViewData.ModelState.TryGetValue(name, out var state) && state.Errors.Count > 0)
        {
            output.Attributes.SetAttribute("aria-invalid", "true");
            // A page that names its own message (the sign-in form's) keeps it; any other field points at its message's id.
            var described = output.Attributes["aria-describedby"]?.Value?.ToString() ?? "";
            if (!described.Split(' ').Any(d => d.EndsWith("-error", StringComparison.Ordinal)))
            {
                output.Attributes.SetAttribute("aria-describedby", $"{described} {FieldErrorMessageTagHelper.IdFor(id)}".Trim());
            }
        }
    }
}

/// <summary>A field's error message gets the id <see cref="FieldStateTagHelper"/> points at, unless the page gave it one.</summary>
[HtmlTargetElement("span", Attributes = "asp-validation-for")]
public sealed class FieldErrorMessageTagHelper : TagHelper
{
    public static string IdFor(string fieldId) => $"{fieldId}-error";

    [HtmlAttributeName("asp-validation-for")]
    public ModelExpression For { get; set; } = null!;

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (!output.Attributes.ContainsName("id"))
        {
            // "_" for the dots of "Input.Email", as the framework's helpers name the field itself (Input_Email).
            var fieldId = TagBuilder.CreateSanitizedId(ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(For.Name), "_");
            output.Attributes.SetAttribute("id", IdFor(fieldId));
        }
    }
}
