/* control-protocol.h: the names of svcd's Varlink interface, shared by daemon, CLI and tests.
 *
 * io.svcd.Manager (its full description: control_protocol_interface_description):
 *   ListUnits()          -> (units: []UnitStatus)
 *   GetUnit(name)        -> (unit: UnitStatus)              NoSuchUnit
 *   StartUnit(name, noBlock?, mode?) -> (unit: UnitStatus, job?) NoSuchUnit, PermissionDenied, JobFailed,
 *                                                           UnitNotLoaded, TransactionFailed
 *   StopUnit(name, noBlock?)   -> (unit: UnitStatus)        NoSuchUnit, PermissionDenied
 *   RestartUnit(name, noBlock?), TryRestartUnit(name, noBlock?) -> (unit: UnitStatus)  as StartUnit
 *   ReloadUnit(name, noBlock?) -> (unit: UnitStatus)        as StartUnit, JobNotApplicable, UnitNotActive
 *   ReloadOrRestartUnit(name, noBlock?), TryReloadOrRestartUnit(name, noBlock?) -> (unit: UnitStatus)
 *   Reload()             -> (reloaded: int, failed: []string) PermissionDenied
 *   ListJobs() -> (jobs: []Job); CancelJob(id) -> ()        NoSuchJob; ClearJobs() -> (canceled: int)
 *   GetLogs(names?, lines?, since?, follow?) -> (entries: []LogEntry, dropped?: int)
 *                                                           NoSuchUnit, PermissionDenied, InvalidParameter
 * StartUnit/RestartUnit reply once the service is running (or failed); StopUnit once it is
 * inactive or failed; ReloadUnit once the reload is over. With noBlock, each replies at once
 * with the status the job left the unit in (systemctl --no-block). GetLogs with "more" replies
 * in pieces ("continues": true), and with follow keeps sending new lines until the client
 * hangs up. UnitStatus fields carry systemd's property names (Id, LoadState, ActiveState,
 * SubState, Result, MainPID, ControlPID, ExecMainStatus, NRestarts, FragmentPath, ...). */
#pragma once

#define VARLINK_INTERFACE_SERVICE "org.varlink.service"
#define VARLINK_INTERFACE_MANAGER "io.svcd.Manager"

#define METHOD_GET_INFO "org.varlink.service.GetInfo"
#define METHOD_GET_INTERFACE_DESCRIPTION "org.varlink.service.GetInterfaceDescription"
#define METHOD_LIST_UNITS "io.svcd.Manager.ListUnits"
#define METHOD_GET_UNIT "io.svcd.Manager.GetUnit"
#define METHOD_START_UNIT "io.svcd.Manager.StartUnit"
#define METHOD_STOP_UNIT "io.svcd.Manager.StopUnit"
#define METHOD_RESTART_UNIT "io.svcd.Manager.RestartUnit"
#define METHOD_RELOAD "io.svcd.Manager.Reload"
#define METHOD_RESET_FAILED "io.svcd.Manager.ResetFailed"
#define METHOD_TRY_RESTART_UNIT "io.svcd.Manager.TryRestartUnit"
#define METHOD_KILL_UNIT "io.svcd.Manager.KillUnit"
#define METHOD_RELOAD_UNIT "io.svcd.Manager.ReloadUnit"
#define METHOD_RELOAD_OR_RESTART_UNIT "io.svcd.Manager.ReloadOrRestartUnit"
#define METHOD_TRY_RELOAD_OR_RESTART_UNIT "io.svcd.Manager.TryReloadOrRestartUnit"
#define METHOD_GET_LOGS "io.svcd.Manager.GetLogs"
#define METHOD_GET_SYSTEM_STATE "io.svcd.Manager.GetSystemState"
#define METHOD_LIST_JOBS "io.svcd.Manager.ListJobs"
#define METHOD_CANCEL_JOB "io.svcd.Manager.CancelJob"
#define METHOD_CLEAR_JOBS "io.svcd.Manager.ClearJobs"
#define METHOD_SHUTDOWN "io.svcd.Manager.Shutdown"

/* Standard errors of varlink.org's org.varlink.service interface. */
#define ERROR_INTERFACE_NOT_FOUND "org.varlink.service.InterfaceNotFound"
#define ERROR_METHOD_NOT_FOUND "org.varlink.service.MethodNotFound"
#define ERROR_INVALID_PARAMETER "org.varlink.service.InvalidParameter"
#define ERROR_PERMISSION_DENIED "org.varlink.service.PermissionDenied"

/* svcd's own errors; each carries the parameters named beside it. */
#define ERROR_NO_SUCH_UNIT "io.svcd.Manager.NoSuchUnit"       /* name */
#define ERROR_UNIT_NOT_LOADED "io.svcd.Manager.UnitNotLoaded" /* name, LoadState, message */
#define ERROR_JOB_FAILED "io.svcd.Manager.JobFailed"          /* name, result, unit */
#define ERROR_JOB_CANCELED "io.svcd.Manager.JobCanceled"      /* name */
#define ERROR_NO_SUCH_PROCESS "io.svcd.Manager.NoSuchProcess" /* name, whom */
#define ERROR_PROTOCOL "io.svcd.Manager.ProtocolError"        /* reason; the connection closes */
#define ERROR_SHUTTING_DOWN "io.svcd.Manager.ShuttingDown"    /* name */
#define ERROR_RELOAD_FAILED "io.svcd.Manager.ReloadFailed"    /* reason */
#define ERROR_JOB_NOT_APPLICABLE "io.svcd.Manager.JobNotApplicable" /* name: no ExecReload=, not notify-reload */
#define ERROR_UNIT_NOT_ACTIVE "io.svcd.Manager.UnitNotActive"       /* name: a reload of an inactive unit */
#define ERROR_TRANSACTION_FAILED "io.svcd.Manager.TransactionFailed" /* name, message */
#define ERROR_NO_SUCH_JOB "io.svcd.Manager.NoSuchJob"               /* id */

const char *control_protocol_interface_description(const char *interface);
