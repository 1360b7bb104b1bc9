package dev.caplab.tier;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Clicks the real JavaFX window with TestFX (headless Monocle), usually on a real cluster. Tagged
 * "ui": `mvn -B verify -Pquick` leaves it out, plain `mvn -B verify` runs it.
 */
@Target(ElementType.TYPE)
@Inherited // on the shared TestFX base classes, so every test extending them is tagged
@Retention(RetentionPolicy.RUNTIME)
@Tag("ui")
public @interface GuiTest {}
