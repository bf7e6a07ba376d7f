variable "name" {
  description = "Name of the function and prefix of its failure queue and alarms."
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
  description = "What the processor does, shown in the Lambda console."
  type        = string
  default     = ""
  nullable    = false

  validation {
    condition     = length(var.description) <= 256
    error_message = "Input description must be at most 256 characters long."
  }
}

variable "stream_arn" {
  description = "The table's stream, such as `{ ref = \"api.table_stream_arn\" }` from a `sync-api-dynamodb` with `stream_view_type` set."
  type        = string
  nullable    = false

  validation {
    condition     = (length(var.stream_arn) >= 20) && (length(var.stream_arn) <= 2048)
    error_message = "Input stream_arn must be 20 to 2048 characters long."
  }

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:[0-9]{12}:table/[A-Za-z0-9_.-]{3,255}/stream/[0-9A-Za-z:.-]+$", var.stream_arn))
    error_message = "Input stream_arn must be well formed: use a table's stream ARN such as `arn:aws:dynamodb:eu-west-1:111122223333:table/orders/stream/2026-12-01T00:00:00.000`."
  }
}

variable "table_kms_key_arn" {
  description = "KMS key that encrypts the table, when a customer-managed key does: the role may then decrypt stream records through DynamoDB only."
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

variable "batch_size" {
  description = "Records the function receives per invocation, at most."
  type        = number
  default     = 100
  nullable    = false

  validation {
    condition     = (var.batch_size >= 1) && (var.batch_size <= 10000)
    error_message = "Input batch_size must be between 1 and 10000."
  }

  validation {
    condition     = floor(var.batch_size) == var.batch_size
    error_message = "Input batch_size must be a whole number."
  }
}

variable "maximum_batching_window_seconds" {
  description = "Seconds Lambda gathers records before invoking the function (0: invoke as soon as records arrive)."
  type        = number
  default     = 0
  nullable    = false

  validation {
    condition     = (var.maximum_batching_window_seconds >= 0) && (var.maximum_batching_window_seconds <= 300)
    error_message = "Input maximum_batching_window_seconds must be between 0 and 300."
  }

  validation {
    condition     = floor(var.maximum_batching_window_seconds) == var.maximum_batching_window_seconds
    error_message = "Input maximum_batching_window_seconds must be a whole number."
  }
}

variable "starting_position" {
  description = "Where the mapping starts reading: `TRIM_HORIZON` (the oldest record kept) or `LATEST`."
  type        = string
  default     = "TRIM_HORIZON"
  nullable    = false

  validation {
    condition     = contains(["TRIM_HORIZON", "LATEST"], var.starting_position)
    error_message = "Input starting_position must be one of `TRIM_HORIZON`, `LATEST`."
  }
}

variable "bisect_batch_on_function_error" {
  description = "Whether a failing batch is split in two and each half retried, to isolate the failing record."
  type        = bool
  default     = true
  nullable    = false
}

variable "maximum_record_age_seconds" {
  description = "Seconds after which a record still failing is sent to the failure queue instead of retried (a stream keeps records 24 hours)."
  type        = number
  default     = 3600
  nullable    = false

  validation {
    condition     = (var.maximum_record_age_seconds >= 60) && (var.maximum_record_age_seconds <= 86400)
    error_message = "Input maximum_record_age_seconds must be between 60 and 86400."
  }

  validation {
    condition     = floor(var.maximum_record_age_seconds) == var.maximum_record_age_seconds
    error_message = "Input maximum_record_age_seconds must be a whole number."
  }
}

variable "maximum_retry_attempts" {
  description = "Retries of a failing batch before it is sent to the failure queue."
  type        = number
  default     = 3
  nullable    = false

  validation {
    condition     = (var.maximum_retry_attempts >= 0) && (var.maximum_retry_attempts <= 10000)
    error_message = "Input maximum_retry_attempts must be between 0 and 10000."
  }

  validation {
    condition     = floor(var.maximum_retry_attempts) == var.maximum_retry_attempts
    error_message = "Input maximum_retry_attempts must be a whole number."
  }
}

variable "parallelization_factor" {
  description = "Batches of one shard processed at once (records of one key stay in order)."
  type        = number
  default     = 1
  nullable    = false

  validation {
    condition     = (var.parallelization_factor >= 1) && (var.parallelization_factor <= 10)
    error_message = "Input parallelization_factor must be between 1 and 10."
  }

  validation {
    condition     = floor(var.parallelization_factor) == var.parallelization_factor
    error_message = "Input parallelization_factor must be a whole number."
  }

  validation {
    condition     = (var.function.reserved_concurrent_executions >= 0) ? var.parallelization_factor <= var.function.reserved_concurrent_executions : true
    error_message = "Input parallelization_factor must satisfy: when `function.reserved_concurrent_executions` is at least 0, `parallelization_factor` must be at most `function.reserved_concurrent_executions` (each shard runs up to `parallelization_factor` invocations at once, and invocations beyond the reservation are throttled and retried until the records expire)."
  }
}

variable "report_batch_item_failures" {
  description = "Whether the function reports the records that failed (`batchItemFailures`), so only those and the ones after them are retried."
  type        = bool
  default     = true
  nullable    = false
}

variable "filter_patterns" {
  description = "Event filter patterns: only records matching one of them invoke the function (the others are dropped); every record when empty."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = length(var.filter_patterns) <= 5
    error_message = "Input filter_patterns must have at most 5 items."
  }

  validation {
    condition     = alltrue([for item0 in var.filter_patterns : length(item0) <= 4096])
    error_message = "Input every item of filter_patterns must be at most 4096 characters long."
  }

  validation {
    condition     = alltrue([for item0 in var.filter_patterns : can(keys(jsondecode(item0)))])
    error_message = "Input every item of filter_patterns must be the JSON text of an object, such as `{\"source\": [\"orders\"]}`."
  }
}

variable "iterator_age_alarm_threshold_seconds" {
  description = "Seconds the oldest unprocessed record may wait (the `IteratorAge` maximum) before the alarm fires."
  type        = number
  default     = 300
  nullable    = false

  validation {
    condition     = (var.iterator_age_alarm_threshold_seconds >= 1) && (var.iterator_age_alarm_threshold_seconds <= 86400)
    error_message = "Input iterator_age_alarm_threshold_seconds must be between 1 and 86400."
  }

  validation {
    condition     = floor(var.iterator_age_alarm_threshold_seconds) == var.iterator_age_alarm_threshold_seconds
    error_message = "Input iterator_age_alarm_threshold_seconds must be a whole number."
  }
}

variable "alarm_topic_arns" {
  description = "SNS topics notified when batches reach the failure queue, when processing falls behind, and when each is resolved."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for item0 in var.alarm_topic_arns : (length(item0) >= 20) && (length(item0) <= 2048)])
    error_message = "Input every item of alarm_topic_arns must be 20 to 2048 characters long."
  }

  validation {
    condition     = alltrue([for item0 in var.alarm_topic_arns : can(regex("^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]+$", item0))])
    error_message = "Input every item of alarm_topic_arns must be well formed: use an SNS topic ARN such as `arn:aws:sns:eu-west-1:111122223333:alerts`."
  }
}

variable "function" {
  description = "The function's settings."
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
}
