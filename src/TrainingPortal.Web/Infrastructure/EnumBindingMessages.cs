using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;
using Microsoft.Extensions.Localization;

namespace TrainingPortal.Web.Infrastructure;

/// <summary>
/// A posted value that is not one of an enum's choices (a number or a name typed into the request) is refused by model
/// binding before validation runs, with the generic "The value '7' is invalid.". Where the property gives
/// [EnumDataType] a message (a key of Shared.resx), that message is shown instead, so the person learns which choice to make.
/// </summary>
public sealed class EnumBindingMessages(IStringLocalizer text) : IBindingMetadataProvider
{
    public void CreateBindingMetadata(BindingMetadataProviderContext context)
    {
        if (context.Attributes.OfType<EnumDataTypeAttribute>().FirstOrDefault() is not { ErrorMessage: { Length: > 0 } key })
        {
            return;
        }

        var messages = context.BindingMetadata.ModelBindingMessageProvider is { } inherited
            ? new DefaultModelBindingMessageProvider(inherited)
            : new DefaultModelBindingMessageProvider();
        messages.SetValueIsInvalidAccessor(_ => text[key]);
        messages.SetAttemptedValueIsInvalidAccessor((_, _) => text[key]);
        messages.SetValueMustNotBeNullAccessor(_ => text[key]);
        messages.SetMissingBindRequiredValueAccessor(_ => text[key]);
        context.BindingMetadata.ModelBindingMessageProvider = messages;
    }
}
