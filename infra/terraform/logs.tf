locals {
  # Created here (not by the services) so that every group has a retention and is KMS-encrypted.
  log_groups = {
    web          = "/ecs/${local.name}/web"
    worker       = "/ecs/${local.name}/worker"
    beat         = "/ecs/${local.name}/beat"
    migrate      = "/ecs/${local.name}/migrate"
    rds          = "/aws/rds/instance/${local.name}/postgresql"
    rds_upgrade  = "/aws/rds/instance/${local.name}/upgrade"
    redis_slow   = "/elasticache/${local.name}/slow-log"
    redis_engine = "/elasticache/${local.name}/engine-log"
  }
}

resource "aws_cloudwatch_log_group" "this" {
  for_each          = local.log_groups
  name              = each.value
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.logs.arn
}
