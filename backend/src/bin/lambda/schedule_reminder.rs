//! The `schedule-reminder` Lambda (arm64): every 15 minutes, sends the reminders due.

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    turnaki_backend::notifications::run_schedule_reminder().await
}
