//! The `health` Lambda (arm64, API Gateway HTTP API).

use turnaki_backend::app::RouteGroup;

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    turnaki_backend::lambda::run(&[RouteGroup::Health]).await
}
