package dev.reflex.telemetry.mqtt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the TLS socket factory of the MQTT link from PEM files: a CA bundle to trust and,
 * optionally, a client certificate with its PKCS#8 key ({@code -----BEGIN PRIVATE KEY-----}; RSA or
 * EC) for mutual TLS.
 */
public final class MqttTls {
  private MqttTls() {}

  /**
   * Creates the factory.
   *
   * @param caFile PEM certificates to trust, or null for the JVM's default trust store
   * @param certFile PEM client certificate chain, or null
   * @param keyFile PEM PKCS#8 key for {@code certFile}, or null
   * @throws IllegalArgumentException naming the file when one cannot be read or parsed
   */
  public static SSLSocketFactory socketFactory(Path caFile, Path certFile, Path keyFile) {
    try {
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      if (caFile != null) {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        int i = 0;
        for (Certificate c : certificates(caFile)) {
          trust.setCertificateEntry("ca" + i++, c);
        }
        tmf.init(trust);
      } else {
        tmf.init((KeyStore) null);
      }
      KeyManagerFactory kmf = null;
      if (certFile != null || keyFile != null) {
        if (certFile == null || keyFile == null) {
          throw new IllegalArgumentException(
              "telemetry TLS: client certificate and key must be given together");
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        char[] none = new char[0];
        keys.setKeyEntry(
            "client",
            privateKey(keyFile),
            none,
            certificates(certFile).toArray(new Certificate[0]));
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, none);
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      return ctx.getSocketFactory();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("telemetry TLS setup failed: " + e.getMessage(), e);
    }
  }

  private static Collection<? extends Certificate> certificates(Path file) {
    try (var in = Files.newInputStream(file)) {
      Collection<? extends Certificate> certs =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certs.isEmpty()) {
        throw new IllegalArgumentException("telemetry TLS: no certificate in " + file);
      }
      return certs;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "telemetry TLS: cannot read certificates from " + file + ": " + e.getMessage(), e);
    }
  }

  private static PrivateKey privateKey(Path file) {
    try {
      String pem = Files.readString(file);
      int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
      int end = pem.indexOf("-----END PRIVATE KEY-----");
      if (begin < 0 || end < begin) {
        throw new IllegalArgumentException(
            "telemetry TLS: "
                + file
                + " holds no PKCS#8 'BEGIN PRIVATE KEY' block"
                + " (convert with: openssl pkcs8 -topk8 -nocrypt)");
      }
      byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end).getBytes());
      PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
      for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
        try {
          return KeyFactory.getInstance(alg).generatePrivate(spec);
        } catch (GeneralSecurityException next) {
          // try the next algorithm
        }
      }
      throw new IllegalArgumentException("telemetry TLS: unsupported key type in " + file);
    } catch (IOException e) {
      throw new IllegalArgumentException("telemetry TLS: cannot read " + file, e);
    }
  }
}
