using Xunit;

namespace ConvLens.Tests.Zoo;

/// <summary>
/// The model zoo's representative handful, in the default run: one per family of operators the others
/// add (hard activations, channel shuffle, ceil-mode pools and concatenated branches, LayerNorm and Erf,
/// squeeze-excitation with SiLU). <see cref="ZooSlowModelTests"/> has the rest.
/// </summary>
[Collection(ZooCollection.Name)]
public sealed class ZooModelTests
{
    public static TheoryData<string> Architectures => new(ZooCollection.Default);

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
