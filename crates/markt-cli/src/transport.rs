//! How `markt serve` talks to its clients: over TLS with the office's certificate, or over
//! plain HTTP where nobody else can listen in (this computer itself), or where a reverse
//! proxy in front of it does the TLS and says so (`--behind-proxy`). Decided, and every file read, before the database is opened, so a
//! wrong flag or a wrong certificate stops the server with a sentence naming it.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use markt_remote::Fingerprint;
use rustls::ServerConfig;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

/// The certificate chain and private key, both PEM (as Let's Encrypt, a city's CA or
/// `openssl req -x509` write them).
pub struct TlsFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
}

pub enum Transport {
    Https {
        config: Arc<ServerConfig>,
        /// Of the server's own certificate, printed at the start: what a desk's clerk
        /// confirms when the certificate is self-signed.
        fingerprint: Fingerprint,
    },
    Http,
}

impl Transport {
    pub fn scheme(&self) -> &'static str {
        match self {
            Transport::Https { .. } => "https",
            Transport::Http => "http",
        }
    }
}

/// TLS when given; plain HTTP only on a loopback address or behind a proxy that says so.
pub fn choose(listen: SocketAddr, tls: Option<&TlsFiles>, behind_proxy: bool) -> Result<Transport, String> {
    match tls {
        Some(files) => {
            let (config, fingerprint) = server_config(files)?;
            Ok(Transport::Https { config, fingerprint })
        }
        None => {
            plain_allowed(listen, behind_proxy)?;
            Ok(Transport::Http)
        }
    }
}

/// Passwords and tokens cross the network in the clear over HTTP: only where no other
/// machine is on the way.
pub fn plain_allowed(listen: SocketAddr, behind_proxy: bool) -> Result<(), String> {
    if listen.ip().is_loopback() || behind_proxy {
        return Ok(());
    }
    Err(format!(
        "{listen} is bereikbaar voor andere computers: geef het certificaat van de server \
         (--tls-cert BESTAND --tls-key BESTAND), of --behind-proxy als een proxy (nginx, Caddy) \
         vóór de server de TLS afhandelt; zonder TLS luistert markt serve alleen op 127.0.0.1 of ::1"
    ))
}

fn server_config(files: &TlsFiles) -> Result<(Arc<ServerConfig>, Fingerprint), String> {
    let certs = read_certificates(&files.cert)?;
    let key = read_key(&files.key)?;
    let fingerprint = Fingerprint::of(certs[0].as_ref());
    let provider = markt_remote::tls::provider();
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS: {e}"))?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|e| {
            format!(
                "--tls-cert {} en --tls-key {} horen niet bij elkaar: {e}",
                files.cert.display(),
                files.key.display()
            )
        })?;
    // Without ALPN a client cannot choose HTTP/2; both are served.
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok((Arc::new(config), fingerprint))
}

fn read(flag: &str, path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("{flag} {}: {e}", path.display()))
}

fn read_certificates(path: &Path) -> Result<Vec<CertificateDer<'static>>, String> {
    let pem = read("--tls-cert", path)?;
    let certs = CertificateDer::pem_slice_iter(&pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("--tls-cert {}: geen leesbaar PEM-certificaat ({e})", path.display()))?;
    if certs.is_empty() {
        return Err(format!(
            "--tls-cert {}: geen certificaat in dit bestand (verwacht: -----BEGIN CERTIFICATE-----)",
            path.display()
        ));
    }
    Ok(certs)
}

fn read_key(path: &Path) -> Result<PrivateKeyDer<'static>, String> {
    let pem = read("--tls-key", path)?;
    PrivateKeyDer::from_pem_slice(&pem).map_err(|e| {
        format!(
            "--tls-key {}: geen privésleutel in dit bestand (verwacht: -----BEGIN PRIVATE KEY-----; {e})",
            path.display()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(text: &str) -> SocketAddr {
        text.parse().unwrap()
    }

    #[test]
    fn plain_http_only_on_loopback_or_behind_a_proxy() {
        assert!(plain_allowed(addr("127.0.0.1:8470"), false).is_ok());
        assert!(plain_allowed(addr("[::1]:8470"), false).is_ok());
        let open = plain_allowed(addr("0.0.0.0:8470"), false).unwrap_err();
        assert!(open.contains("0.0.0.0:8470") && open.contains("--tls-cert"), "{open}");
        assert!(plain_allowed(addr("192.168.1.20:8470"), false).is_err());
        assert!(plain_allowed(addr("0.0.0.0:8470"), true).is_ok());
    }

    #[test]
    fn files_that_are_not_pem_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let junk = dir.path().join("server.crt");
        std::fs::write(&junk, "geen certificaat").unwrap();
        let files = TlsFiles { cert: junk.clone(), key: dir.path().join("ontbreekt.key") };
        let Err(error) = choose(addr("0.0.0.0:443"), Some(&files), false) else { panic!("junk accepted") };
        assert!(error.contains("--tls-cert") && error.contains("server.crt"), "{error}");

        let missing = TlsFiles { cert: dir.path().join("weg.crt"), key: junk };
        let Err(error) = choose(addr("0.0.0.0:443"), Some(&missing), false) else { panic!("no file accepted") };
        assert!(error.contains("weg.crt"), "{error}");
    }
}
