/*
 * measure RUNS COMMAND ARGS...: runs a command RUNS times (output thrown
 * away) and prints "MEDIAN_MS MIN_MS PEAK_RSS_KB", the wall time of each run
 * and the largest resident size any run reached. Exits 1 if a run failed.
 * For the benchmark: no packages beyond libc, so it runs anywhere the
 * project builds.
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	int runs;
	double *ms;
	long peak = 0;

	if (argc < 3 || (runs = atoi(argv[1])) < 1) {
		fprintf(stderr, "usage: measure RUNS COMMAND [ARGS...]\n");
		return 2;
	}
	ms = calloc((size_t)runs, sizeof(*ms));
	for (int i = 0; i < runs; i++) {
		struct rusage ru;
		int status;
		double start = now_ms();
		pid_t pid = fork();

		if (pid == 0) {
			int null = open("/dev/null", O_WRONLY);
			dup2(null, STDOUT_FILENO);
			execvp(argv[2], argv + 2);
			_exit(127);
		}
		if (pid < 0 || wait4(pid, &status, 0, &ru) < 0)
			return 1;
		ms[i] = now_ms() - start;
		if (ru.ru_maxrss > peak)
			peak = ru.ru_maxrss;
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			fprintf(stderr, "measure: '%s' failed\n", argv[2]);
			return 1;
		}
	}
	qsort(ms, (size_t)runs, sizeof(*ms), cmp);
	printf("%.2f %.2f %ld\n", ms[runs / 2], ms[0], peak);
	free(ms);
	return 0;
}
