variable "name" {
  description = "Name of the API, its function and its table."
  type        = string
  nullable    = false

  validation {
    condition     = (length(var.name) >= 3) && (length(var.name) <= 40)
    error_message = "Input name must be 3 to 40 characters long."
  }

  validation {
    condition     = can(regex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$", var.name))
    error_message = "Input name must be well formed: use 3 to 40 lowercase letters and digits in words joined by single `-`, starting with a letter (the function's role and log group names derive from it)."
  }
}

variable "description" {
  description = "What the API does, shown in the consoles."
  type        = string
  default     = ""
  nullable    = false

  validation {
    condition     = length(var.description) <= 256
    error_message = "Input description must be at most 256 characters long."
  }
}

variable "routes" {
  description = "Routes sent to the function, such as `GET /orders/{id}`."
  type        = list(string)
  default = [
    "ANY /{proxy+}"
  ]
  nullable = false

  validation {
    condition     = (length(var.routes) >= 1) && (length(var.routes) <= 50)
    error_message = "Input routes must have 1 to 50 items."
  }

  validation {
    condition     = alltrue([for item0 in var.routes : (length(item0) >= 4) && (length(item0) <= 512)])
    error_message = "Input every item of routes must be 4 to 512 characters long."
  }

  validation {
    condition     = alltrue([for item0 in var.routes : can(regex("^(\\$default|(ANY|GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) /[A-Za-z0-9._~/{}+-]*)$", item0))])
    error_message = "Input every item of routes must be well formed: use `METHOD /path` with METHOD one of ANY, GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS (for example `GET /orders/{id}`), or `$default`."
  }
}

variable "authorization_type" {
  description = "How every route authorises callers; `NONE` makes the API public."
  type        = string
  default     = "AWS_IAM"
  nullable    = false

  validation {
    condition     = contains(["AWS_IAM", "NONE"], var.authorization_type)
    error_message = "Input authorization_type must be one of `AWS_IAM`, `NONE`."
  }
}

variable "throttling_rate_limit" {
  description = "Requests per second the stage allows on average; keep it within what the function's concurrency can serve."
  type        = number
  default     = 100
  nullable    = false

  validation {
    condition     = (var.throttling_rate_limit >= 1) && (var.throttling_rate_limit <= 10000)
    error_message = "Input throttling_rate_limit must be between 1 and 10000."
  }

  validation {
    condition     = floor(var.throttling_rate_limit) == var.throttling_rate_limit
    error_message = "Input throttling_rate_limit must be a whole number."
  }
}

variable "throttling_burst_limit" {
  description = "Requests the stage allows in a burst; at most the function's reserved concurrency when it reserves some."
  type        = number
  default     = 200
  nullable    = false

  validation {
    condition     = (var.throttling_burst_limit >= 1) && (var.throttling_burst_limit <= 5000)
    error_message = "Input throttling_burst_limit must be between 1 and 5000."
  }

  validation {
    condition     = floor(var.throttling_burst_limit) == var.throttling_burst_limit
    error_message = "Input throttling_burst_limit must be a whole number."
  }

  validation {
    condition     = (var.function.reserved_concurrent_executions >= 0) ? var.throttling_burst_limit <= var.function.reserved_concurrent_executions : true
    error_message = "Input throttling_burst_limit must satisfy: when `function.reserved_concurrent_executions` is at least 0, `throttling_burst_limit` must be at most `function.reserved_concurrent_executions` (each request in flight holds one execution, and requests beyond the reservation are throttled with errors)."
  }
}

variable "access_log_retention_days" {
  description = "Days CloudWatch keeps the API's access logs."
  type        = number
  default     = 365
  nullable    = false

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.access_log_retention_days)
    error_message = "Input access_log_retention_days must be one of `1`, `3`, `5`, `7`, `14`, `30`, `60`, `90`, `120`, `150`, `180`, `365`, `400`, `545`, `731`, `1096`, `1827`, `2192`, `2557`, `2922`, `3288`, `3653`."
  }

  validation {
    condition     = floor(var.access_log_retention_days) == var.access_log_retention_days
    error_message = "Input access_log_retention_days must be a whole number."
  }
}

variable "hash_key" {
  description = "Partition key attribute of the table (a string)."
  type        = string
  default     = "pk"
  nullable    = false

  validation {
    condition     = (length(var.hash_key) >= 1) && (length(var.hash_key) <= 255)
    error_message = "Input hash_key must be 1 to 255 characters long."
  }

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+$", var.hash_key))
    error_message = "Input hash_key must be well formed: use 1 to 255 letters, digits or `_.-`."
  }
}

variable "range_key" {
  description = "Sort key attribute of the table (a string); no sort key when null."
  type        = string
  default     = "sk"

  validation {
    condition     = var.range_key == null ? true : (length(var.range_key) >= 1) && (length(var.range_key) <= 255)
    error_message = "Input range_key must be 1 to 255 characters long."
  }

  validation {
    condition     = var.range_key == null ? true : can(regex("^[A-Za-z0-9_.-]+$", var.range_key))
    error_message = "Input range_key must be well formed: use 1 to 255 letters, digits or `_.-`."
  }
}

variable "ttl_attribute" {
  description = "Attribute holding each item's expiry time (epoch seconds)."
  type        = string
  default     = "expires_at"
  nullable    = false

  validation {
    condition     = (length(var.ttl_attribute) >= 1) && (length(var.ttl_attribute) <= 255)
    error_message = "Input ttl_attribute must be 1 to 255 characters long."
  }

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+$", var.ttl_attribute))
    error_message = "Input ttl_attribute must be well formed: use 1 to 255 letters, digits or `_.-`."
  }
}

variable "deletion_protection" {
  description = "Whether the table refuses to be deleted; turn off only to retire it."
  type        = bool
  default     = true
  nullable    = false
}

variable "table_kms_key_arn" {
  description = "KMS key that encrypts the table; the AWS-managed DynamoDB key when null."
  type        = string
  default     = null

  validation {
    condition     = var.table_kms_key_arn == null ? true : (length(var.table_kms_key_arn) >= 20) && (length(var.table_kms_key_arn) <= 2048)
    error_message = "Input table_kms_key_arn must be 20 to 2048 characters long."
  }

  validation {
    condition     = var.table_kms_key_arn == null ? true : can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.table_kms_key_arn))
    error_message = "Input table_kms_key_arn must be well formed: use a key ARN such as `arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab`."
  }
}

variable "stream_view_type" {
  description = "What the table's stream records of each changed item, for a `dynamodb-stream-processor` wired to `table_stream_arn`; no stream when null."
  type        = string
  default     = null

  validation {
    condition     = var.stream_view_type == null ? true : contains(["NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY"], var.stream_view_type)
    error_message = "Input stream_view_type must be one of `NEW_IMAGE`, `OLD_IMAGE`, `NEW_AND_OLD_IMAGES`, `KEYS_ONLY`."
  }
}

variable "access_log_kms_key_arn" {
  description = "KMS key that encrypts the access logs; its key policy must let CloudWatch Logs use it (see the README); AWS-owned keys when null."
  type        = string
  default     = null

  validation {
    condition     = var.access_log_kms_key_arn == null ? true : (length(var.access_log_kms_key_arn) >= 20) && (length(var.access_log_kms_key_arn) <= 2048)
    error_message = "Input access_log_kms_key_arn must be 20 to 2048 characters long."
  }

  validation {
    condition     = var.access_log_kms_key_arn == null ? true : can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.access_log_kms_key_arn))
    error_message = "Input access_log_kms_key_arn must be well formed: use a key ARN such as `arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab`."
  }
}

variable "function" {
  description = "The function's settings; the table's name reaches it as `TABLE_NAME`."
  type        = object({ package_file = string, runtime = optional(string, "python3.12"), handler = optional(string, "app.handler"), architecture = optional(string, "arm64"), memory_size = optional(number, 256), timeout = optional(number, 30), reserved_concurrent_executions = optional(number, -1), tracing_mode = optional(string, "Active"), log_retention_days = optional(number, 365), log_level = optional(string, "INFO"), kms_key_arn = optional(string), environment_variables = optional(map(string), {}) })
  nullable    = false

  validation {
    condition     = (length(var.function.package_file) >= 5) && (length(var.function.package_file) <= 1024)
    error_message = "Input function.package_file must be 5 to 1024 characters long."
  }

  validation {
    condition     = can(regex("\\.zip$", var.function.package_file))
    error_message = "Input function.package_file must be well formed: give the path of a `.zip` file, such as `build/function.zip`."
  }

  validation {
    condition     = contains(["python3.13", "python3.12", "python3.11", "nodejs22.x", "nodejs20.x", "java21", "java17", "dotnet8", "ruby3.3", "provided.al2023"], var.function.runtime)
    error_message = "Input function.runtime must be one of `python3.13`, `python3.12`, `python3.11`, `nodejs22.x`, `nodejs20.x`, `java21`, `java17`, `dotnet8`, `ruby3.3`, `provided.al2023`."
  }

  validation {
    condition     = (length(var.function.handler) >= 1) && (length(var.function.handler) <= 128)
    error_message = "Input function.handler must be 1 to 128 characters long."
  }

  validation {
    condition     = can(regex("^[^\\s]+$", var.function.handler))
    error_message = "Input function.handler must be well formed: use 1 to 128 characters without white space, such as `app.handler`."
  }

  validation {
    condition     = contains(["arm64", "x86_64"], var.function.architecture)
    error_message = "Input function.architecture must be one of `arm64`, `x86_64`."
  }

  validation {
    condition     = (var.function.memory_size >= 128) && (var.function.memory_size <= 10240)
    error_message = "Input function.memory_size must be between 128 and 10240."
  }

  validation {
    condition     = floor(var.function.memory_size) == var.function.memory_size
    error_message = "Input function.memory_size must be a whole number."
  }

  validation {
    condition     = (var.function.timeout >= 1) && (var.function.timeout <= 900)
    error_message = "Input function.timeout must be between 1 and 900."
  }

  validation {
    condition     = floor(var.function.timeout) == var.function.timeout
    error_message = "Input function.timeout must be a whole number."
  }

  validation {
    condition     = (var.function.reserved_concurrent_executions >= -1) && (var.function.reserved_concurrent_executions <= 10000)
    error_message = "Input function.reserved_concurrent_executions must be between -1 and 10000."
  }

  validation {
    condition     = floor(var.function.reserved_concurrent_executions) == var.function.reserved_concurrent_executions
    error_message = "Input function.reserved_concurrent_executions must be a whole number."
  }

  validation {
    condition     = contains(["Active", "PassThrough"], var.function.tracing_mode)
    error_message = "Input function.tracing_mode must be one of `Active`, `PassThrough`."
  }

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.function.log_retention_days)
    error_message = "Input function.log_retention_days must be one of `1`, `3`, `5`, `7`, `14`, `30`, `60`, `90`, `120`, `150`, `180`, `365`, `400`, `545`, `731`, `1096`, `1827`, `2192`, `2557`, `2922`, `3288`, `3653`."
  }

  validation {
    condition     = floor(var.function.log_retention_days) == var.function.log_retention_days
    error_message = "Input function.log_retention_days must be a whole number."
  }

  validation {
    condition     = contains(["DEBUG", "INFO", "WARN", "ERROR"], var.function.log_level)
    error_message = "Input function.log_level must be one of `DEBUG`, `INFO`, `WARN`, `ERROR`."
  }

  validation {
    condition     = var.function.kms_key_arn == null ? true : (length(var.function.kms_key_arn) >= 20) && (length(var.function.kms_key_arn) <= 2048)
    error_message = "Input function.kms_key_arn must be 20 to 2048 characters long."
  }

  validation {
    condition     = var.function.kms_key_arn == null ? true : can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.function.kms_key_arn))
    error_message = "Input function.kms_key_arn must be well formed: use a key ARN such as `arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab`."
  }

  validation {
    condition     = alltrue([for key0 in keys(var.function.environment_variables) : can(regex("^[A-Za-z][A-Za-z0-9_]*$", key0))])
    error_message = "Input function.environment_variables must have well-formed keys: start with a letter, then use letters, digits and `_`."
  }

  validation {
    condition     = alltrue([for key0 in keys(var.function.environment_variables) : contains(["_HANDLER", "_X_AMZN_TRACE_ID", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_DEFAULT_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_LAMBDA_RUNTIME_API", "AWS_REGION", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "LAMBDA_RUNTIME_DIR", "LAMBDA_TASK_ROOT", "TZ"], key0) == false])
    error_message = "Input function.environment_variables must not use the reserved keys `_HANDLER`, `_X_AMZN_TRACE_ID`, `AWS_ACCESS_KEY`, `AWS_ACCESS_KEY_ID`, `AWS_DEFAULT_REGION`, `AWS_EXECUTION_ENV`, `AWS_LAMBDA_FUNCTION_MEMORY_SIZE`, `AWS_LAMBDA_FUNCTION_NAME`, `AWS_LAMBDA_FUNCTION_VERSION`, `AWS_LAMBDA_INITIALIZATION_TYPE`, `AWS_LAMBDA_LOG_GROUP_NAME`, `AWS_LAMBDA_LOG_STREAM_NAME`, `AWS_LAMBDA_RUNTIME_API`, `AWS_REGION`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, `LAMBDA_RUNTIME_DIR`, `LAMBDA_TASK_ROOT`, `TZ`."
  }

  validation {
    condition     = sum(concat([0], [for key0, item0 in var.function.environment_variables : ((2 * length(replace(urlencode(key0), "%", ""))) - length(urlencode(key0))) + ((2 * length(replace(urlencode(item0), "%", ""))) - length(urlencode(item0)))])) <= 3584
    error_message = "Input function.environment_variables must hold at most 3584 bytes in its keys and values together."
  }

  validation {
    condition     = var.function.timeout <= 30
    error_message = "Input function must satisfy: `function.timeout` must be at most 30 (API Gateway ends an integration after 30 s, while a longer-running function keeps its execution)."
  }
}
