package dev.metarag.testing.security;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority and a server certificate it signed, for {@code localhost} and
 * {@code 127.0.0.1}, written as PEM files: what a cluster's cert-manager would mount. Made fresh
 * for each test run, valid for a day, never committed.
 *
 * @param caFile the CA certificate clients trust
 * @param certificateFile the server certificate ({@code quarkus.http.ssl.certificate.files})
 * @param keyFile its PKCS#8 private key ({@code quarkus.http.ssl.certificate.key-files})
 */
public record TestCertificates(Path caFile, Path certificateFile, Path keyFile) {

  /** Makes a CA and a server certificate in {@code dir}. */
  public static TestCertificates create(Path dir) throws IOException {
    try {
      Files.createDirectories(dir);
      Instant now = Instant.now();
      Date from = Date.from(now.minus(Duration.ofHours(1)));
      Date to = Date.from(now.plus(Duration.ofDays(1)));
      KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
      rsa.initialize(2048);

      KeyPair caKeys = rsa.generateKeyPair();
      X500Name caName = new X500Name("CN=MetaRAG test CA");
      X509v3CertificateBuilder ca =
          new JcaX509v3CertificateBuilder(
              caName, BigInteger.ONE, from, to, caName, caKeys.getPublic());
      ca.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      ca.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));

      KeyPair serverKeys = rsa.generateKeyPair();
      X509v3CertificateBuilder server =
          new JcaX509v3CertificateBuilder(
              caName,
              BigInteger.TWO,
              from,
              to,
              new X500Name("CN=localhost"),
              serverKeys.getPublic());
      server.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      server.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      server.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      server.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1")
              }));

      TestCertificates files =
          new TestCertificates(
              dir.resolve("ca.pem"), dir.resolve("server.pem"), dir.resolve("server-key.pem"));
      writePem(files.caFile, "CERTIFICATE", sign(ca, caKeys.getPrivate()).getEncoded());
      writePem(
          files.certificateFile, "CERTIFICATE", sign(server, caKeys.getPrivate()).getEncoded());
      writePem(files.keyFile, "PRIVATE KEY", serverKeys.getPrivate().getEncoded());
      return files;
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot make the test certificates", e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuer)
      throws OperatorCreationException, GeneralSecurityException {
    return new JcaX509CertificateConverter()
        .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuer)));
  }

  private static void writePem(Path file, String type, byte[] der) throws IOException {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    Files.writeString(
        file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
  }
}
