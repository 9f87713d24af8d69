using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace TrainingPortal.Web.Infrastructure;

/// <summary>
/// Ties a form field to its state for screen readers (WCAG 3.3.1, 3.3.2): a required field says so (aria-required, as
/// the forms are novalidate), and a field the server refused is marked invalid and described by its message. The
/// message is written beside the field for that, visually hidden: some forms show their messages only in the summary,
/// so a message element of the page's own may not exist. Runs after the framework's own helpers, which set the id.
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
        if (!ViewContext.ViewData.ModelState.TryGetValue(name, out var state) || state.Errors.Count == 0)
        {
            return;
        }

        output.Attributes.SetAttribute("aria-invalid", "true");
        // A page that names its field's message itself (the sign-in form) keeps its own.
        if (output.Attributes.ContainsName("aria-describedby") && output.Attributes["aria-describedby"].Value?.ToString()?.Contains("-error", StringComparison.Ordinal) == true)
        {
            return;
        }

        var message = new TagBuilder("span");
        message.Attributes["id"] = $"{id}-described-error";
        // Hidden, not visually hidden: read as the field's description only, where most forms also show the message
        // beside the field, which a screen reader would otherwise read twice.
        message.Attributes["hidden"] = "hidden";
        message.InnerHtml.Append(state.Errors[0].ErrorMessage);
        output.PostElement.AppendHtml(message);
        var described = output.Attributes["aria-describedby"]?.Value?.ToString();
        output.Attributes.SetAttribute("aria-describedby", string.IsNullOrEmpty(described) ? message.Attributes["id"] : $"{described} {message.Attributes["id"]}");
    }
}
