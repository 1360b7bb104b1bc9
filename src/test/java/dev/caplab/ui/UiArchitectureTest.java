package dev.caplab.ui;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.caplab.cluster.NodeProcessState;

/** The GUI's own rules (STYLE.md 8-10), checked on every build. */
@AnalyzeClasses(packages = "dev.caplab.ui", importOptions = ImportOption.DoNotIncludeTests.class)
class UiArchitectureTest {

  @ArchTest
  static final ArchRule oneCrossingToTheFxThread =
      noClasses()
          .that()
          .doNotHaveSimpleName("LabApp")
          .should()
          .dependOnClassesThat()
          .haveFullyQualifiedName("javafx.application.Platform")
          .because(
              "work reaches the FX thread only through the FxInbox, whose executor LabApp injects");

  @ArchTest
  static final ArchRule viewModelsHoldNoNodes =
      noClasses()
          .that()
          .haveSimpleNameEndingWith("ViewModel")
          .or()
          .haveNameMatching(
              "dev\\.caplab\\.ui\\.(MessageFlow|Token|LinkMeter|TraceRecorder|Replay|EventDetails"
                  + "|ConfigPicker|NodeActions|Poller|FxInbox"
                  + "|LiveCluster|AttachedCluster|ClientGateway)(\\$.*)?")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("javafx.scene..", "javafx.stage..")
          .because("view-models are plain state and commands; views build and bind");

  @ArchTest
  static final ArchRule onlyTheGatewayTalksToTheCluster =
      noClasses()
          .that()
          // the gateways and their nested types
          .haveNameNotMatching(
              "dev\\.caplab\\.ui\\.(LiveCluster|AttachedCluster|ClientGateway)(\\$.*)?")
          .should()
          .dependOnClassesThat(
              resideInAnyPackage("dev.caplab.cluster..", "io.grpc..")
                  // the state a process is in is a value, not a way to reach it: one enum for
                  // supervisor and GUI
                  .and(not(type(NodeProcessState.class))))
          .orShould()
          .dependOnClassesThat()
          .haveNameMatching(
              "dev\\.caplab\\.client\\.(StoreClient|AdminClient|ClusterObserver|SupervisorClient)")
          .because("view-models reach processes and nodes through ClusterGateway");
}
