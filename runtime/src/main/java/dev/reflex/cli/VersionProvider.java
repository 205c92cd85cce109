package dev.reflex.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the version written into the jar's manifest by the build. */
public final class VersionProvider implements IVersionProvider {
  /** The Reflex version, or {@code dev} when running from classes. */
  public static String version() {
    String v = VersionProvider.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"reflex " + version() + " (Java " + Runtime.version() + ")"};
  }
}
