#include "cli/app.h"

int main(int argc, char** argv) { return yungu::cli::Main(argc, argv); }
