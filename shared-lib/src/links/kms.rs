//! The AWS adapter of [`LinkSigner`]: a KMS HMAC key (`GenerateMac`/`VerifyMac`). The key
//! never leaves KMS, so no environment variable or Terraform state holds it; the functions
//! are named only its id, and each is allowed just the call it makes.

use async_trait::async_trait;
use aws_sdk_kms::error::{DisplayErrorContext, SdkError};
use aws_sdk_kms::primitives::Blob;
use aws_sdk_kms::types::MacAlgorithmSpec;

use super::{LinkSigner, SignerUnavailable};

/// The MAC algorithm; the key's spec (`HMAC_256`) must match it.
const ALGORITHM: MacAlgorithmSpec = MacAlgorithmSpec::HmacSha256;

/// Signs with the KMS key `key_id` (an id, ARN or alias).
pub struct KmsSigner {
    client: aws_sdk_kms::Client,
    key_id: String,
}

impl KmsSigner {
    /// A signer asking `client` to use `key_id`.
    pub fn new(client: aws_sdk_kms::Client, key_id: String) -> Self {
        Self { client, key_id }
    }
}

fn unavailable<E: std::error::Error + 'static, R: std::fmt::Debug>(e: &SdkError<E, R>) -> SignerUnavailable {
    SignerUnavailable(format!("KMS: {}", DisplayErrorContext(e)))
}

#[async_trait]
impl LinkSigner for KmsSigner {
    async fn sign(&self, message: &[u8]) -> Result<Vec<u8>, SignerUnavailable> {
        let answer = self
            .client
            .generate_mac()
            .key_id(&self.key_id)
            .mac_algorithm(ALGORITHM)
            .message(Blob::new(message))
            .send()
            .await
            .map_err(|e| unavailable(&e))?;
        answer
            .mac()
            .map(|mac| mac.as_ref().to_vec())
            .ok_or_else(|| SignerUnavailable("KMS answered GenerateMac without a MAC".into()))
    }

    async fn verify(&self, message: &[u8], mac: &[u8]) -> Result<bool, SignerUnavailable> {
        // KMS refuses an empty MAC as a malformed request; no key's MAC is empty.
        if mac.is_empty() {
            return Ok(false);
        }
        match self
            .client
            .verify_mac()
            .key_id(&self.key_id)
            .mac_algorithm(ALGORITHM)
            .message(Blob::new(message))
            .mac(Blob::new(mac))
            .send()
            .await
        {
            Ok(answer) => Ok(answer.mac_valid()),
            // A MAC that is not the key's is an answer, not a failure of the service.
            Err(SdkError::ServiceError(service)) if service.err().is_kms_invalid_mac_exception() => Ok(false),
            Err(e) => Err(unavailable(&e)),
        }
    }
}
