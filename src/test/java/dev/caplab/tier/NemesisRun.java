package dev.caplab.tier;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A fault-injection campaign on real node processes. Tagged "nemesis": `mvn -B verify -Pquick`
 * leaves it out, plain `mvn -B verify` runs it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("nemesis")
public @interface NemesisRun {}
