//! The server's certificate. An office server has either a certificate a public CA signed
//! (checked against the public roots, as a browser does) or a self-signed one made by the
//! city's IT. A self-signed certificate proves nothing by itself: the desk accepts it only
//! after the clerk compared its fingerprint with the one IT gave (the server prints it at
//! start), and from then on accepts that certificate and no other (pinning), so a machine
//! that pretends to be the server on the office network gets no password.

use std::fmt;
use std::sync::{Arc, Mutex};

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::connection::ConnectionError;

/// The SHA-256 of a certificate (its DER), written as `AB:CD:…` (32 pairs), the way
/// `openssl x509 -fingerprint -sha256` and `markt serve` print it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Fingerprint([u8; 32]);

impl Fingerprint {
    pub fn of(der: &[u8]) -> Fingerprint {
        Fingerprint(Sha256::digest(der).into())
    }

    /// From what a clerk or IT types or pastes: pairs with colons, spaces or nothing
    /// between them, upper or lower case, with or without `SHA256 Fingerprint=` before it.
    pub fn parse(text: &str) -> Result<Fingerprint, ConnectionError> {
        let bad = || ConnectionError::BadFingerprint(text.trim().to_string());
        let value = text.rsplit('=').next().unwrap_or(text);
        let hex: String = value.chars().filter(|c| !matches!(c, ':' | ' ' | '-')).collect();
        if hex.len() != 64 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(bad());
        }
        let mut bytes = [0u8; 32];
        for (i, byte) in bytes.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).map_err(|_| bad())?;
        }
        Ok(Fingerprint(bytes))
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pairs: Vec<String> = self.0.iter().map(|b| format!("{b:02X}")).collect();
        f.write_str(&pairs.join(":"))
    }
}

impl fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl TryFrom<String> for Fingerprint {
    type Error = ConnectionError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Fingerprint::parse(&s)
    }
}

impl From<Fingerprint> for String {
    fn from(f: Fingerprint) -> String {
        f.to_string()
    }
}

/// How a connection trusts the server's certificate.
#[derive(Debug, Clone)]
pub enum Trust {
    /// The public roots (a certificate a public CA signed, for the server's name).
    Public,
    /// Exactly this certificate, whoever signed it and whatever name it carries.
    Pinned(Fingerprint),
    /// First contact: any certificate, noted with whether the public roots vouch for it,
    /// so that the clerk can be asked to confirm its fingerprint.
    Probe(Arc<Seen>),
}

/// What a first contact saw of the server's certificate.
#[derive(Debug, Default)]
pub struct Seen(Mutex<Option<(Fingerprint, bool)>>);

impl Seen {
    /// The fingerprint of the certificate the server showed, and whether the public roots
    /// vouch for it.
    pub fn get(&self) -> Option<(Fingerprint, bool)> {
        self.0.lock().ok().and_then(|s| s.clone())
    }
}

/// ring, as the server's (`markt serve`): it builds with a C compiler alone, where aws-lc
/// needs cmake. rustls marks ring's provider deprecated for lacking post-quantum key
/// exchange; the classical suites it offers are the ones the server offers.
#[allow(deprecated)]
pub fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

fn public_roots() -> RootCertStore {
    RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() }
}

/// The TLS configuration for a connection with this trust.
pub fn client_config(trust: &Trust) -> Result<ClientConfig, rustls::Error> {
    let provider = provider();
    let builder = ClientConfig::builder_with_provider(provider.clone()).with_safe_default_protocol_versions()?;
    let public = WebPkiServerVerifier::builder_with_provider(Arc::new(public_roots()), provider.clone())
        .build()
        .map_err(|e| rustls::Error::General(e.to_string()))?;
    let config = match trust {
        Trust::Public => builder.with_webpki_verifier(public).with_no_client_auth(),
        Trust::Pinned(pin) => builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(Pinned { pin: pin.clone(), provider }))
            .with_no_client_auth(),
        Trust::Probe(seen) => builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(Probe { seen: seen.clone(), public, provider }))
            .with_no_client_auth(),
    };
    Ok(config)
}

/// Whatever decides on the certificate (the pin, or the probe noting it), the handshake's
/// signatures are checked by the provider's algorithms: a server must still prove it holds
/// the certificate's key. For a verifier with a `provider: Arc<CryptoProvider>` field.
macro_rules! handshake_signatures_by_provider {
    () => {
        fn verify_tls12_signature(
            &self,
            message: &[u8],
            cert: &CertificateDer<'_>,
            dss: &DigitallySignedStruct,
        ) -> Result<HandshakeSignatureValid, rustls::Error> {
            rustls::crypto::verify_tls12_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
        }

        fn verify_tls13_signature(
            &self,
            message: &[u8],
            cert: &CertificateDer<'_>,
            dss: &DigitallySignedStruct,
        ) -> Result<HandshakeSignatureValid, rustls::Error> {
            rustls::crypto::verify_tls13_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
        }

        fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
            self.provider.signature_verification_algorithms.supported_schemes()
        }
    };
}

/// Accepts exactly the pinned certificate. The handshake's signatures are still checked
/// against it, so only the holder of its private key gets through.
#[derive(Debug)]
struct Pinned {
    pin: Fingerprint,
    provider: Arc<CryptoProvider>,
}

impl ServerCertVerifier for Pinned {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if Fingerprint::of(end_entity) == self.pin {
            Ok(ServerCertVerified::assertion())
        } else {
            Err(rustls::Error::InvalidCertificate(CertificateError::ApplicationVerificationFailure))
        }
    }

    handshake_signatures_by_provider!();
}

/// Notes the certificate and lets the handshake finish, so that the probe can also ask
/// whether a Marktkantoor server answers there. Nothing secret is sent over a probe.
#[derive(Debug)]
struct Probe {
    seen: Arc<Seen>,
    public: Arc<WebPkiServerVerifier>,
    provider: Arc<CryptoProvider>,
}

impl ServerCertVerifier for Probe {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let public = self.public.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now).is_ok();
        if let Ok(mut seen) = self.seen.0.lock() {
            *seen = Some((Fingerprint::of(end_entity), public));
        }
        Ok(ServerCertVerified::assertion())
    }

    handshake_signatures_by_provider!();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fingerprint_reads_as_openssl_and_the_server_print_it() {
        let f = Fingerprint::of(b"een certificaat");
        let shown = f.to_string();
        assert_eq!(shown.len(), 32 * 3 - 1);
        assert_eq!(shown, shown.to_uppercase());
        assert_eq!(Fingerprint::parse(&shown).unwrap(), f);
        assert_eq!(Fingerprint::parse(&shown.to_lowercase().replace(':', "")).unwrap(), f);
        assert_eq!(Fingerprint::parse(&format!("sha256 Fingerprint={shown}")).unwrap(), f);
        assert_eq!(Fingerprint::parse(&shown.replace(':', " ")).unwrap(), f);
        assert!(Fingerprint::parse(&shown[..shown.len() - 3]).is_err(), "31 bytes");
        assert!(Fingerprint::parse(&shown.replace('A', "G")).is_err() || !shown.contains('A'));
        assert_ne!(Fingerprint::of(b"een ander certificaat"), f);
    }
}
