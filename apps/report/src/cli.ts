console.error("`pnpm report` is not built yet (see issue 4).");
process.exit(1);
