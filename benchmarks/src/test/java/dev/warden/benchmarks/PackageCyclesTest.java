package dev.warden.benchmarks;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** No package of benchmarks depends, directly or through others, on a package that depends on it (issue 16). */
@AnalyzeClasses(packages = "dev.warden.benchmarks", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageCyclesTest {

    @ArchTest
    static final ArchRule noCycles = slices().matching("dev.warden.benchmarks.(**)").should().beFreeOfCycles();
}
