# Generated credentials live in Secrets Manager (encrypted with the data key) and reach the
# containers through the task definitions' `secrets`, never as plain environment variables.
# Alphanumeric only, so that they can be embedded in URLs without escaping.

resource "random_password" "django_secret_key" {
  length  = 64
  special = false
}

resource "random_password" "db" {
  length  = 40
  special = false
}

resource "random_password" "redis" {
  length  = 64
  special = false
}

locals {
  secrets = {
    DJANGO_SECRET_KEY = random_password.django_secret_key.result
    DATABASE_URL      = "postgres://${aws_db_instance.main.username}:${random_password.db.result}@${aws_db_instance.main.address}:${aws_db_instance.main.port}/${aws_db_instance.main.db_name}?sslmode=require"
    REDIS_URL         = "rediss://:${aws_secretsmanager_secret_version.redis_auth_token.secret_string}@${aws_elasticache_replication_group.redis.primary_endpoint_address}:6379/0?ssl_cert_reqs=required"
    SENTRY_DSN        = var.sentry_dsn
  }
}

resource "aws_secretsmanager_secret" "app" {
  #checkov:skip=CKV2_AWS_57:Values are generated here (SECRET_KEY, URLs embedding the RDS and Redis passwords) or issued by Sentry; a rotation Lambda could not keep RDS, Redis and the running tasks in step, so they are rotated by re-applying, per the runbook in README.md.
  for_each                = toset(["DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL", "SENTRY_DSN"])
  name                    = "${local.name}/${each.key}"
  description             = "${each.key} for the ${local.name} containers"
  kms_key_id              = aws_kms_key.data.arn
  recovery_window_in_days = 30
}

resource "aws_secretsmanager_secret_version" "app" {
  for_each      = aws_secretsmanager_secret.app
  secret_id     = each.value.id
  secret_string = local.secrets[each.key]
}

# The Redis AUTH token is its own secret; the replication group reads it from here.
resource "aws_secretsmanager_secret" "redis_auth_token" {
  #checkov:skip=CKV2_AWS_57:ElastiCache AUTH token rotation needs a coordinated ROTATE/SET on the replication group and a new REDIS_URL; done by re-applying, per the runbook in README.md.
  name                    = "${local.name}/redis-auth-token"
  description             = "AUTH token of the ${local.name} Redis replication group"
  kms_key_id              = aws_kms_key.data.arn
  recovery_window_in_days = 30
}

resource "aws_secretsmanager_secret_version" "redis_auth_token" {
  secret_id     = aws_secretsmanager_secret.redis_auth_token.id
  secret_string = random_password.redis.result
}
