using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace TrainingPortal.Web.Infrastructure;

/// <summary>
/// Binds <c>bool</c> as the default binder does, except when the posted value is not a boolean (a forged request: a
/// checkbox only ever sends "true" and "false"). The default binder keeps the raw text in model state, and the checkbox
/// tag helper then throws converting it back while showing the form again, answering 500 instead of the error.
/// </summary>
public sealed class CheckboxBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        context.Metadata.UnderlyingOrModelType == typeof(bool) ? new CheckboxBinder() : null;

    private sealed class CheckboxBinder : IModelBinder
    {
        public Task BindModelAsync(ModelBindingContext bindingContext)
        {
            var posted = bindingContext.ValueProvider.GetValue(bindingContext.ModelName);
            if (posted == ValueProviderResult.None)
            {
                return Task.CompletedTask;
            }

            var text = posted.FirstValue;
            if (string.IsNullOrEmpty(text) && bindingContext.ModelMetadata.IsReferenceOrNullableType)
            {
                bindingContext.ModelState.SetModelValue(bindingContext.ModelName, posted);
                bindingContext.Result = ModelBindingResult.Success(null);
            }
            else if (bool.TryParse(text, out var value))
            {
                bindingContext.ModelState.SetModelValue(bindingContext.ModelName, posted);
                bindingContext.Result = ModelBindingResult.Success(value);
            }
            else
            {
                bindingContext.ModelState.SetModelValue(bindingContext.ModelName, rawValue: false, attemptedValue: text);
                bindingContext.ModelState.TryAddModelError(bindingContext.ModelName,
                    bindingContext.ModelMetadata.ModelBindingMessageProvider.AttemptedValueIsInvalidAccessor(text ?? "", bindingContext.ModelMetadata.GetDisplayName()));
                bindingContext.Result = ModelBindingResult.Failed();
            }

            return Task.CompletedTask;
        }
    }
}
