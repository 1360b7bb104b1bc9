package dev.caplab.tier;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Starts real node processes (through the supervisor, the CLI or a lesson): minutes, not seconds.
 * Tagged "process": `mvn -B verify -Pquick` leaves it out, plain `mvn -B verify` runs it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("process")
public @interface MultiProcess {}
