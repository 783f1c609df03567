console.error("The HSS emulator is not built yet (see issue 3).");
process.exit(1);
