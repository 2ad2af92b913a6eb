// MDM refusals as the gateway reports them: {message, httpStatusCode, errorCode}.
// Code names and message texts follow the MDM code table (goscaleio types/v1/code.properties.go).
// Numeric errorCodes 3, 81, 84 and 133 are the known real ones; the others are simulator choices
// (stable, distinct, documented here) because no source lists them.

export class ScaleioError extends Error {
  constructor(
    /** MDM code name, e.g. TGT_IP_ALREADY_EXISTS. */
    readonly code: string,
    message: string,
    readonly httpStatus: number,
    readonly errorCode: number
  ) {
    super(message);
    this.name = 'ScaleioError';
  }

  /** The JSON error body the gateway sends. */
  toBody(): { message: string; httpStatusCode: number; errorCode: number } {
    return { message: this.message, httpStatusCode: this.httpStatus, errorCode: this.errorCode };
  }
}

const TABLE: Record<string, [errorCode: number, message: string]> = {
  VOL_NOT_FOUND: [3, 'Could not find the volume'],
  VOL_ALREADY_MAPPED_TO_THIS_INI: [81, 'The volume is already mapped to this SDC'],
  VOL_NOT_MAPPED_TO_INI: [84, 'The volume is not mapped to SDC'],
  VOL_DECREASE_NOT_SUPPORTED: [133, 'Volume capacity can only be increased'],
  NOT_FOUND: [1001, 'Not found'],
  ALREADY_EXISTS: [1002, 'Already exists'],
  INVALID_PASSWORD: [1003, 'Invalid password. Please try again.'],
  OLD_PASSWORD_MISMATCH: [
    1004,
    'The password that you entered does not match the one stored in the system. Please type it again.',
  ],
  PASSWORD_TOO_SHORT: [1005, 'The password is too short. Please use a longer password.'],
  VOTER_NOT_CONFIG: [1010, 'MDM is not configured. Please configure the MDM'],
  PRIMARY_MDM_ALREADY_CONFIG: [1011, 'The Master MDM is already configured'],
  MDM_IP_ALREADY_EXISTS: [1012, 'An MDM with the same IP address already exists.'],
  MDM_NAME_ALREADY_EXISTS: [1013, 'An MDM with the same name already exists.'],
  MDM_DOES_NOT_EXIST: [1014, 'The MDM could not be found'],
  MDM_IN_CLUSTER: [1015, 'The MDM is part of the current cluster and cannot be removed'],
  ALREADY_IN_THIS_CLUSTER_MODE: [1016, 'The MDM is already in this cluster mode.'],
  WRONG_NUMBER_OF_MDMS: [1017, 'Wrong number of MDMs for this transition'],
  WRONG_MDM_ROLE: [1018, 'Wrong MDM role'],
  MDM_IS_TB: [1019, 'MDM role is not a Slave but a Tie-Breaker'],
  ALREADY_MASTER: [1020, 'MDM passed is already the Master'],
  CMD_ERROR_ID_NOT_IN_CLUSTER: [1021, 'The MDM ID passed is not a cluster member'],
  MDM_NOT_CONNECTED: [1022, 'The MDM is not connected'],
  NO_MASTER: [1023, 'Voter does not have an owner'],
  COMMUNICATION_ERROR: [1024, 'Communication error'],
  SYSTEM_NAME_IN_USE: [1025, 'System name already in use. Please try a different name.'],
  FD_NAME_IN_USE: [1030, 'Protection Domain name already in use. Please try a different name.'],
  FD_NOT_FOUND: [1031, 'Could not find Protection Domain'],
  FD_HAS_TGTS: [1032, 'Protection Domain has SDSs'],
  FD_HAS_STORAGE_POOLS: [1033, 'Protection Domain has Storage Pools'],
  STORAGE_POOL_NAME_ALREADY_EXISTS: [1040, 'Storage Pool name already exists'],
  STORAGE_POOL_NOT_FOUND: [1041, 'Could not find Storage Pool'],
  STORAGE_POOL_HAS_VOLS: [
    1042,
    'The Storage Pool has volumes. Please remove all the volumes before removing the Storage Pool.',
  ],
  NOT_ALLOWED_IN_SP_WITH_DEVS: [
    1043,
    'This operation is only allowed when there are no devices in the Storage Pool. Please remove all devices from the Storage Pool.',
  ],
  TGT_NOT_FOUND: [1050, 'Could not find SDS'],
  TGT_NAME_IN_USE: [1051, 'SDS name is already in use. Please use a different name.'],
  TGT_IP_ALREADY_EXISTS: [1052, 'The SDS IP already exists.'],
  TGT_ALREADY_EXISTS_AND_BEING_REMOVED: [
    1053,
    'The SDS already exists and is being removed. Please wait for the operation to finish',
  ],
  TGT_BEING_REMOVED: [1054, 'SDS is being removed'],
  TGT_MUST_HAVE_TGT_IP_ROLE: [1055, 'SDS must have at least one IP for SDS communication.'],
  TGT_ALREADY_IN_MM: [1056, 'The specified SDS is already in maintenance-mode.'],
  TGT_NOT_IN_MM: [1057, 'The specified SDS is not in maintenance-mode.'],
  TGT_MM_CONFILICT: [
    1058,
    'The task failed since another SDS that shares a Storage Pool with this SDS and does not belong to the same Fault Set is in maintenance-mode.',
  ],
  NOT_ENOUGH_HEALTHY_TGTS_FOR_MM: [
    1059,
    'Not enough healthy SDSs to enter Maintenance Mode. In order to enter Maintenance Mode on an SDS, at least 2 additional healthy SDSs are required.',
  ],
  MM_FAILED_REBUILD_DISABLED_ON_SP: [
    1060,
    'Cannot enter Maintenance Mode - rebuild is disabled on one of the Storage Pools. Please enable rebuild and try again.',
  ],
  TGT_EXIT_MAINTENANCE_IN_PROGRESS: [1061, 'The specified SDS is in a process of exiting maintenance-mode.'],
  TGT_MM_INSUFFICIENT_FREE_CAP: [
    1062,
    "The task failed since there is not enough free capacity in one of SDS's Storage Pools",
  ],
  TGT_DEVICE_NOT_FOUND: [1070, 'Could not find the SDS device'],
  DEV_PATH_ALREADY_EXISTS: [1071, 'A device with the given path already exists in the SDS'],
  DEV_NAME_ALREADY_EXISTS: [1072, 'A device with the given name already exists in the SDS'],
  DEV_ALREADY_TAKEN_BY_ANOTHER: [
    1073,
    'Device already added to another SDS. To override, add the specific sds device with force device takeover.',
  ],
  TGT_ADD_DEV_OPEN_ERROR: [1074, 'Could not open SDS device'],
  TGT_DEV_BEING_REMOVED: [1075, 'The SDS device is being removed'],
  NOT_ENOUGH_TGT_DEV: [1076, 'This device cannot be removed; a SDS must have at least one device.'],
  INVALID_DEVICE_PATH: [1077, 'The path to the device is invalid. Please ensure that you are using the correct path.'],
  NOT_ENOUGH_DEVICES_IN_STORAGE_POOL_FOR_REMOVAL: [1078, 'Not enough devices in Storage Pool'],
  INVALID_ARG: [1079, 'Invalid argument'],
  INI_NOT_FOUND: [1080, 'Could not find the SDC'],
  INI_HAS_MAPPINGS: [1081, 'SDC has mapped volume(s)'],
  INI_MUST_BE_DISCONNECTED: [1082, 'Cannot remove an SDC which is currently connected to the MDM.'],
  INI_NAME_IN_USE: [1083, 'SDC name is already in use. Please use a different name.'],
  VOL_NAME_IN_USE: [1090, 'Volume name already in use. Please use a different name.'],
  VOL_MAPPED: [1091, 'Volume is mapped'],
  VOL_ALREADY_MAPPED_TO_AN_INI: [1092, 'The volume is already mapped to a SDC'],
  VOL_SIZE_ILLEGAL: [1093, 'The specified volume size is illegal. Volume size must be in 8 GB blocks'],
  NOT_ENOUGH_TGTS_IN_STORAGE_POOL: [
    1094,
    'Less than three devices from different SDSs are defined in this Storage Pool. Add devices to the Storage Pool from additional SDSs.',
  ],
  TOO_MUCH_THIN_CAPACITY: [1095, 'Requested volume size exceeds the volume allocation limit'],
  VOL_CREATE_FAIL: [1096, 'Could not create the volume'],
  FD_CAPACITY_NOT_PROTECTED: [
    1097,
    "Some of the Protection Domain's capacity is not fully protected. Please wait until all rebuilds are finished and no SDSs are in Maintenance Mode, or retry using 'force' flag.",
  ],
};

/** Builds the MDM refusal for a code name (HTTP 500, as the gateway relays MDM errors). */
export function mdmError(code: string): ScaleioError {
  const entry = TABLE[code];
  if (!entry) throw new Error(`unknown ScaleIO error code ${code}`);
  const [errorCode, message] = entry;
  return new ScaleioError(code, message, 500, errorCode);
}

/** Every code name the simulator can raise, for documentation and tests. */
export const ERROR_CODES: readonly string[] = Object.keys(TABLE);

/** 401 as the gateway sends it for a bad login or a dead token. */
export function unauthorized(): ScaleioError {
  return new ScaleioError('UNAUTHORIZED', 'Unauthorized', 401, 0);
}

/** 400 for a malformed request, naming the field. */
export function badRequest(field: string, problem: string): ScaleioError {
  return new ScaleioError('BAD_REQUEST', `${field}: ${problem}`, 400, 0);
}

export function isScaleioError(e: unknown): e is ScaleioError {
  return e instanceof ScaleioError;
}
