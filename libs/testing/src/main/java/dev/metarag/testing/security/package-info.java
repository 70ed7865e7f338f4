/**
 * Support for the services' security tests: {@link dev.metarag.testing.security.TestCertificates}
 * (a throw-away CA and server certificate), {@link dev.metarag.testing.security.TestSecurity} (the
 * certificates, a key per role, the server's key file and the settings that use them) and {@link
 * dev.metarag.testing.security.SecuredService} (the checks every secured service must pass: TLS
 * only, a known key on every RPC, the role table, open health and reflection).
 */
package dev.metarag.testing.security;
