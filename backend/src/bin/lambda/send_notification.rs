//! The `send-notification` Lambda (arm64): booking events from EventBridge, sent by SES.

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    turnaki_backend::notifications::run_send_notification().await
}
