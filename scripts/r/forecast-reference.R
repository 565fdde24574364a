#!/usr/bin/env Rscript
# Reference forecasts for test/forecast/reference.test.ts, from R's `forecast` package
# (Debian: apt-get install r-cran-forecast). A developer runs it; CI only reads its output:
#
#   Rscript scripts/r/forecast-reference.R            # from the repository's root
#
# writes
#   test/forecast/fixtures/reference/simulated.json   simulated short yearly series, their
#       next 5 values, and R's 95 % intervals for h = 1..5 from holt(), holt(damped = TRUE)
#       and ets() (its automatic choice), each fitted the way an analyst would call it;
#   test/forecast/fixtures/reference/sample.json      the sample warehouse's members and
#       union fee paid 2019-2025 (as forecast(metric: MEMBERS / UNION_FEE_PAID) answered on
#       the default sample, 4,000 units, seed 1, built by the generator of commit 06f8b54;
#       when the generator changes, ask the API again and update `sample` below) with R's
#       2026-2030 forecasts and intervals.
#
# Series: 6 to 10 known years, 4 kinds (a line with noise, ETS(A,A,N), ETS(A,Ad,N), a
# random walk with drift), their parameters drawn per series; the seed is fixed, so a
# rerun with the same R and forecast versions writes the same files.
#
# What R does on short series, recorded as it is: ets() fits a model only when the series
# has more than its parameter count + 4 points; below that (holt: 8 points or fewer,
# damped: 9 or fewer) holt() fits by the HoltWinters-style SSE of the errors from the
# start l = y[1], b = y[2] - y[1], and drops the damping ("Not enough data to use
# damping"). Each answer carries R's method name, its parameters and the SSE of its
# residuals.

suppressPackageStartupMessages(library(forecast))

out_dir <- file.path("test", "forecast", "fixtures", "reference")
dir.create(out_dir, recursive = TRUE, showWarnings = FALSE)

H <- 5L
LEVELS <- 95
PER_CELL <- 30L # series per kind and length
LENGTHS <- 6:10
KINDS <- c("LINEAR_NOISE", "ETS_AAN", "ETS_AADN", "RANDOM_WALK_DRIFT")

num <- function(x) {
  ifelse(is.na(x), "null", trimws(formatC(x, digits = 9, format = "g")))
}
arr <- function(x) paste0("[", paste(num(x), collapse = ", "), "]")
str <- function(x) paste0("\"", gsub("\"", "\\\\\"", x), "\"")

# One kind's series of n + H values with its parameters (a list: y, parameters).
simulate <- function(kind, n) {
  len <- n + H
  sigma <- runif(1, 100, 600)
  level <- runif(1, 5000, 20000)
  trend <- runif(1, -200, 600)
  if (kind == "LINEAR_NOISE") {
    y <- level + trend * seq_len(len) + rnorm(len, 0, sigma)
    pars <- list(level = level, trend = trend, sigma = sigma)
  } else if (kind == "RANDOM_WALK_DRIFT") {
    y <- level + cumsum(trend + rnorm(len, 0, sigma))
    pars <- list(level = level, drift = trend, sigma = sigma)
  } else {
    alpha <- runif(1, 0.1, 0.9)
    betaStar <- runif(1, 0.05, 0.6)
    phi <- if (kind == "ETS_AADN") runif(1, 0.8, 0.98) else 1
    l <- level
    b <- trend
    y <- numeric(len)
    for (t in seq_len(len)) {
      e <- rnorm(1, 0, sigma)
      y[t] <- l + phi * b + e
      l <- l + phi * b + alpha * e
      b <- phi * b + alpha * betaStar * e
    }
    pars <- list(level = level, trend = trend, alpha = alpha, betaStar = betaStar, phi = phi, sigma = sigma)
  }
  list(y = y, parameters = pars)
}

# A fitted forecast's intervals as JSON; NULL (null) when R could not fit it.
forecast_json <- function(fc) {
  if (is.null(fc)) return("null")
  paste0(
    "{\"method\": ", str(fc$method),
    ", \"parameters\": {", paste(sprintf("\"%s\": %s", names(fc$model$par), num(fc$model$par)), collapse = ", "), "}",
    ", \"sse\": ", num(sum(residuals(fc$model)^2, na.rm = TRUE)),
    ", \"mean\": ", arr(as.numeric(fc$mean)),
    ", \"lower95\": ", arr(as.numeric(fc$lower[, "95%"])),
    ", \"upper95\": ", arr(as.numeric(fc$upper[, "95%"])), "}"
  )
}

references <- function(history, h) {
  x <- ts(history, start = 1)
  safe <- function(expr) tryCatch(expr, error = function(e) NULL)
  holt_fc <- safe(suppressWarnings(holt(x, h = h, level = LEVELS)))
  damped_fc <- safe(suppressWarnings(holt(x, h = h, damped = TRUE, level = LEVELS)))
  ets_fit <- safe(ets(x))
  ets_fc <- if (is.null(ets_fit)) NULL else forecast(ets_fit, h = h, level = LEVELS)
  paste0(
    "{\"holt\": ", forecast_json(holt_fc),
    ", \"holtDamped\": ", forecast_json(damped_fc),
    ", \"ets\": ", forecast_json(ets_fc), "}"
  )
}

set.seed(20260119)
rows <- character(0)
id <- 0L
for (kind in KINDS) {
  for (n in LENGTHS) {
    for (i in seq_len(PER_CELL)) {
      id <- id + 1L
      s <- simulate(kind, n)
      history <- s$y[seq_len(n)]
      future <- s$y[n + seq_len(H)]
      pars <- paste(sprintf("\"%s\": %s", names(s$parameters), sapply(s$parameters, num)), collapse = ", ")
      rows <- c(rows, paste0(
        "{\"id\": ", id, ", \"kind\": ", str(kind), ", \"n\": ", n,
        ", \"parameters\": {", pars, "}",
        ", \"history\": ", arr(history), ", \"future\": ", arr(future),
        ", \"reference\": ", references(history, H), "}"
      ))
    }
  }
}

about <- paste0(
  "\"generatedBy\": \"scripts/r/forecast-reference.R\", \"r\": ", str(R.version.string),
  ", \"forecast\": ", str(as.character(packageVersion("forecast"))),
  ", \"horizons\": ", H, ", \"levels\": ", arr(LEVELS)
)
writeLines(c(paste0("{", about, ", \"series\": ["), paste0("  ", rows, c(rep(",", length(rows) - 1), "")), "]}"),
  file.path(out_dir, "simulated.json"))

# The default sample's yearly totals, 2019-2025, as the API answers forecast(metric, toYear: 2030).
sample <- list(
  MEMBERS = c(9431, 11137, 11305, 12281, 14513, 14390, 14284),
  UNION_FEE_PAID = c(27308150225, 32806990110, 36606093975, 42199805189, 49833254406, 56124255631, 60600539079)
)
entries <- sapply(names(sample), function(metric) {
  paste0(
    "  ", str(metric), ": {\"firstYear\": 2019, \"values\": ", arr(sample[[metric]]),
    ", \"reference\": ", references(sample[[metric]], 5L), "}"
  )
})
writeLines(c(paste0("{", about, ","), paste0(entries, c(rep(",", length(entries) - 1), "")), "}"),
  file.path(out_dir, "sample.json"))
cat("wrote", file.path(out_dir, "simulated.json"), "and", file.path(out_dir, "sample.json"), "\n")
