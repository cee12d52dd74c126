namespace ConvLens;

/// <summary>
/// An error caused by the user's input (a model file, a layer name, an image, an option) rather than
/// by a bug in ConvLens. Its message names the file, node or layer at fault and says what was
/// expected; the CLI prints it without a stack trace and exits with code 2.
/// </summary>
public class ConvLensException : Exception
{
    /// <summary>Creates the error with a message meant for the user.</summary>
    public ConvLensException(string message) : base(message) { }

    /// <summary>Creates the error with a message meant for the user and the low-level cause.</summary>
    public ConvLensException(string message, Exception inner) : base(message, inner) { }
}
