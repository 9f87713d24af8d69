using Microsoft.AspNetCore.Razor.TagHelpers;

namespace TrainingPortal.Web.Infrastructure;

/// <summary>
/// The framework's validation summary, when there is nothing to report, holds an empty list item hidden by an inline
/// <c>style</c> attribute, which the Content-Security-Policy (<c>style-src 'self'</c>) refuses, logging an error in the
/// browser on every page with a form. This runs after it and hides that item with the <c>hidden</c> attribute instead.
/// </summary>
[HtmlTargetElement("div", Attributes = "asp-validation-summary")]
public sealed class ValidationSummaryTagHelper : TagHelper
{
    private const string InlineHidden = "<li style=\"display:none\"></li>";

    public override int Order => int.MaxValue;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var list = output.PostContent.GetContent();
        if (list.Contains(InlineHidden, StringComparison.Ordinal))
        {
            output.PostContent.SetHtmlContent(list.Replace(InlineHidden, "<li hidden></li>", StringComparison.Ordinal));
        }
    }
}
