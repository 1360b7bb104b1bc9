package dev.caplab.ui;

import java.net.URL;

/** Loads the GUI's bundled assets; a missing one fails at once with its name. */
final class Resources {

  private Resources() {}

  /** The URL of a classpath resource such as {@code /assets/lab.css}. */
  static String url(String path) {
    URL url = Resources.class.getResource(path);
    if (url == null) {
      throw new IllegalStateException("Resource not found: " + path);
    }
    return url.toExternalForm();
  }
}
