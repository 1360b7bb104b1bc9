package dev.caplab.lesson;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caplab.tier.MultiProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every lesson in assets/lessons/ runs headless on a real cluster and every expect holds, so that
 * no lesson can rot when the store changes. Ports move into this suite's range (28100-28899).
 */
@MultiProcess
class ShippedLessonsTest {

  // The pid spreads concurrent test JVMs apart; each lesson takes the next ten ports (a compare
  // lesson's two
  // clusters take six of them: the centralized nodes from the base, the decentralized ones right
  // after).
  private static final AtomicInteger NEXT_BASE =
      new AtomicInteger(28100 + 10 * (int) (ProcessHandle.current().pid() % 40));

  static List<Path> lessons() throws Exception {
    return ShippedLessons.files();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lessons")
  void lessonPassesOnARealCluster(Path file, @TempDir Path dir) throws Exception {
    Lesson lesson = LessonLoader.load(file);
    LessonRunner.Report report =
        LessonRunner.run(lesson, new LessonRunner.Options(dir, nextBase(), System.out));
    System.out.println(report.summary());
    assertThat(report.passed()).as(report.summary()).isTrue();
    assertThat(report.expects()).isPositive();
  }

  private static int nextBase() {
    int base = NEXT_BASE.getAndAdd(10);
    if (base > 28890) {
      NEXT_BASE.set(28100);
      base = NEXT_BASE.getAndAdd(10);
    }
    return base;
  }
}
