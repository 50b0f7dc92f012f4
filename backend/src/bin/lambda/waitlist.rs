//! The `waitlist` Lambda (arm64): booking events offer the time they free to waiting
//! patients; its schedule passes lapsed and declined offers on.

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    turnaki_backend::notifications::run_waitlist().await
}
