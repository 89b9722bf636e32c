// The parse floor: how long Debian's tree-sitter runtime takes to parse a file with our Python
// grammar, from C, with nothing of Umlaut around it. `bench/parse-floor.sh` builds it with the
// grammar compiled several ways. Thread CPU time per parse, median and minimum over N parses.
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <tree_sitter/api.h>

const TSLanguage *tree_sitter_python(void);

static double cpu_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int by_value(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s FILE PARSES LABEL\n", argv[0]);
        return 2;
    }
    FILE *file = fopen(argv[1], "rb");
    if (!file) {
        perror(argv[1]);
        return 2;
    }
    fseek(file, 0, SEEK_END);
    long size = ftell(file);
    rewind(file);
    char *text = malloc(size);
    if (fread(text, 1, size, file) != (size_t)size) return 2;
    fclose(file);

    int parses = atoi(argv[2]);
    double *times = malloc(sizeof(double) * parses);
    TSParser *parser = ts_parser_new();
    ts_parser_set_language(parser, tree_sitter_python());
    for (int i = 0; i < parses; i++) {
        double start = cpu_ms();
        TSTree *tree = ts_parser_parse_string(parser, NULL, text, size);
        ts_tree_delete(tree);
        times[i] = cpu_ms() - start;
    }
    qsort(times, parses, sizeof(double), by_value);
    printf("%-44s median %6.2f ms  min %6.2f ms  %4.1f MB/s\n", argv[3], times[parses / 2], times[0],
           size / 1e3 / times[parses / 2]);
    return 0;
}
