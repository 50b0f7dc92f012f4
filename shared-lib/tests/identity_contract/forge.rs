//! What an attacker can do with a token and the published keys: take a token apart, change
//! it, put it back together, sign it with keys of their own.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::jwk::{AlgorithmParameters, JwkSet};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::Value;
use turnaki_shared::identity::embedded::SigningKey;

/// A compact JWT taken apart: its header and payload as JSON, its signature as sent.
#[derive(Debug, Clone)]
pub struct Parts {
    pub header: Value,
    pub payload: Value,
    pub signature: String,
}

fn decode_json(segment: &str) -> Value {
    let bytes = URL_SAFE_NO_PAD.decode(segment).expect("a base64url segment");
    serde_json::from_slice(&bytes).expect("a JSON segment")
}

fn encode_json(value: &Value) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(value).expect("JSON serialises"))
}

/// Splits a compact JWT.
pub fn parts(token: &str) -> Parts {
    let mut segments = token.split('.');
    let (Some(header), Some(payload), Some(signature), None) =
        (segments.next(), segments.next(), segments.next(), segments.next())
    else {
        panic!("`{token}` is not a compact JWT");
    };
    Parts {
        header: decode_json(header),
        payload: decode_json(payload),
        signature: signature.to_owned(),
    }
}

/// Puts a (possibly changed) token back together, keeping whatever signature it carries.
pub fn assemble(parts: &Parts) -> String {
    format!(
        "{}.{}.{}",
        encode_json(&parts.header),
        encode_json(&parts.payload),
        parts.signature
    )
}

/// Signs `payload` as a JWT with `header`, using `key`.
pub fn sign(header: &Header, payload: &Value, key: &EncodingKey) -> String {
    jsonwebtoken::encode(header, payload, key).expect("signing works")
}

/// An RSA key of the attacker's own, as a raw signing key and as an embedded `SigningKey`.
pub fn foreign_rsa_key() -> (EncodingKey, SigningKey) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("attacker.pem");
    let key = SigningKey::load_or_create(&path).expect("a fresh key");
    let pem = std::fs::read(&path).expect("read the key back");
    (EncodingKey::from_rsa_pem(&pem).expect("an RSA PEM"), key)
}

// DER, just enough of it to write an RSA public key.

fn der_length(len: usize) -> Vec<u8> {
    if len < 0x80 {
        return vec![u8::try_from(len).expect("short form")];
    }
    let bytes: Vec<u8> = len.to_be_bytes().into_iter().skip_while(|b| *b == 0).collect();
    let mut out = vec![0x80 | u8::try_from(bytes.len()).expect("a few length bytes")];
    out.extend(bytes);
    out
}

fn der(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    out.extend(der_length(content.len()));
    out.extend_from_slice(content);
    out
}

fn der_unsigned(magnitude: &[u8]) -> Vec<u8> {
    let trimmed: Vec<u8> = magnitude.iter().copied().skip_while(|b| *b == 0).collect();
    let mut content = Vec::with_capacity(trimmed.len() + 1);
    if trimmed.first().is_none_or(|b| b & 0x80 != 0) {
        content.push(0);
    }
    content.extend(trimmed);
    der(0x02, &content)
}

fn pem(label: &str, der: &[u8]) -> String {
    let body = base64::engine::general_purpose::STANDARD.encode(der);
    let lines: Vec<&str> = body
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).expect("base64 is ASCII"))
        .collect();
    format!("-----BEGIN {label}-----\n{}\n-----END {label}-----\n", lines.join("\n"))
}

/// Every form of the published RSA public keys an attacker might try as an HMAC secret:
/// the SubjectPublicKeyInfo and PKCS#1 PEMs, their DER, the raw modulus and the JWK text.
pub fn public_key_secrets(keys: &JwkSet) -> Vec<Vec<u8>> {
    let mut secrets = Vec::new();
    for jwk in &keys.keys {
        let AlgorithmParameters::RSA(rsa) = &jwk.algorithm else {
            continue;
        };
        let n = URL_SAFE_NO_PAD.decode(&rsa.n).expect("a base64url modulus");
        let e = URL_SAFE_NO_PAD.decode(&rsa.e).expect("a base64url exponent");
        let pkcs1 = der(0x30, &[der_unsigned(&n), der_unsigned(&e)].concat());
        // rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters.
        let algorithm = der(
            0x30,
            &[
                der(0x06, &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01]),
                der(0x05, &[]),
            ]
            .concat(),
        );
        let spki = der(0x30, &[algorithm, der(0x03, &[&[0u8][..], &pkcs1].concat())].concat());
        secrets.push(pem("PUBLIC KEY", &spki).into_bytes());
        secrets.push(pem("RSA PUBLIC KEY", &pkcs1).into_bytes());
        secrets.push(spki);
        secrets.push(pkcs1);
        secrets.push(n);
        secrets.push(serde_json::to_vec(jwk).expect("a JWK serialises"));
    }
    assert!(!secrets.is_empty(), "the adapter publishes no RSA key");
    secrets
}

/// A header for `alg`, naming `kid` if given.
pub fn header(alg: Algorithm, kid: Option<&str>) -> Header {
    let mut header = Header::new(alg);
    header.kid = kid.map(str::to_owned);
    header
}
