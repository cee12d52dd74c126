using Xunit;

namespace ConvLens.Tests.Zoo;

/// <summary>The rest of the model zoo (<c>dotnet test --filter Category=Slow</c>): every torchvision CNN family.</summary>
[Collection(ZooCollection.Name)]
[Trait("Category", "Slow")]
public sealed class ZooSlowModelTests
{
    public static TheoryData<string> Architectures => new(ZooCollection.Rest);

    [Theory, MemberData(nameof(Architectures))]
    public void SummaryListsTheModel(string arch) => ZooChecks.SummaryListsTheModel(arch);

    [Theory, MemberData(nameof(Architectures))]
    public void ClassifyGivesPyTorchsTopFive(string arch) => ZooChecks.ClassifyGivesPyTorchsTopFive(arch);

    [Theory, MemberData(nameof(Architectures))]
    public void GradientsEqualAutograd(string arch) => ZooChecks.GradientsEqualAutograd(arch);

    [Theory, MemberData(nameof(Architectures))]
    public void AttributionsRun(string arch) => ZooChecks.AttributionsRun(arch);

    [Theory, MemberData(nameof(Architectures))]
    public void RecipesRaiseTheirObjective(string arch) => ZooChecks.RecipesRaiseTheirObjective(arch);
}
