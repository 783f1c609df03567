export const EMULATOR_NOT_BUILT = true;
