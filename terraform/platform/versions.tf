terraform {
  required_version = ">= 1.10"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
      # The environment's provider in us-east-1, for CloudFront, WAF and their logs' key.
      configuration_aliases = [aws.us_east_1]
    }
  }
}
