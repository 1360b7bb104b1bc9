package dev.caplab.ui;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The GUI's own rules (STYLE.md 8-10), checked on every build. */
@AnalyzeClasses(packages = "dev.caplab.ui", importOptions = ImportOption.DoNotIncludeTests.class)
class UiArchitectureTest {

  @ArchTest
  static final ArchRule oneCrossingToTheFxThread = noClasses().that().doNotHaveSimpleName("LabApp")
      .should().dependOnClassesThat().haveFullyQualifiedName("javafx.application.Platform")
      .because("work reaches the FX thread only through the FxInbox, whose executor LabApp injects");

  @ArchTest
  static final ArchRule viewModelsHoldNoNodes = noClasses().that().haveSimpleNameEndingWith("ViewModel")
      .or().haveNameMatching("dev\\.caplab\\.ui\\.(MessageFlow|Token|LinkMeter|TraceRecorder|Replay|EventDetails"
          + "|ConfigPicker|NodeActions|Poller|FxInbox"
          + "|LiveCluster)(\\$.*)?")
      .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..")
      .because("view-models are plain state and commands; views build and bind");

  @ArchTest
  static final ArchRule onlyTheGatewayTalksToTheCluster = noClasses().that()
      .haveNameNotMatching("dev\\.caplab\\.ui\\.LiveCluster(\\$.*)?") // the gateway and its nested types
      .should().dependOnClassesThat().resideInAnyPackage("dev.caplab.cluster..", "io.grpc..")
      .orShould().dependOnClassesThat()
      .haveNameMatching("dev\\.caplab\\.client\\.(StoreClient|AdminClient|ClusterObserver)")
      .because("view-models reach processes and nodes through ClusterGateway");
}
