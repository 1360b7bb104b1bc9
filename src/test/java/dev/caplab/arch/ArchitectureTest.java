package dev.caplab.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The boundaries of DESIGN.md §1, checked on every build. */
@AnalyzeClasses(packages = "dev.caplab", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule coreIsPlainJava =
      noClasses()
          .that()
          .resideInAPackage("dev.caplab.core..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.grpc..", "javafx..", "dev.caplab.proto..")
          .because("protocol logic must run and be tested without gRPC or a GUI");

  @ArchTest
  static final ArchRule uiTalksToNodesOnlyOverTheWire =
      noClasses()
          .that()
          .resideInAPackage("dev.caplab.ui..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("dev.caplab.server..", "dev.caplab.core.storage..")
          .because("the GUI sees nodes as any client does: over gRPC and through the supervisor");

  @ArchTest
  static final ArchRule coreDependsOnNoOuterLayer =
      noClasses()
          .that()
          .resideInAPackage("dev.caplab.core..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.caplab.server..",
              "dev.caplab.cluster..",
              "dev.caplab.client..",
              "dev.caplab.cli..",
              "dev.caplab.ui..",
              "dev.caplab.config..");

  @ArchTest
  static final ArchRule serverNeedsNoClientOrGui =
      noClasses()
          .that()
          .resideInAPackage("dev.caplab.server..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("dev.caplab.ui..", "dev.caplab.cluster..", "dev.caplab.cli..");

  @ArchTest
  static final ArchRule lessonsDriveTheClusterLikeAnyClient =
      noClasses()
          .that()
          .resideInAPackage("dev.caplab.lesson..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.caplab.ui..",
              "dev.caplab.server..",
              "dev.caplab.cli..",
              "dev.caplab.core.storage..",
              "dev.caplab.core.twopc..",
              "dev.caplab.core.quorum..")
          .because(
              "a lesson uses the cluster as the GUI does: processes, clients, configs and the verdict");
}
