/* control-protocol.c: the Varlink interface descriptions that svcd serves (varlink.org IDL). */
#include <string.h>

#include "libsvc/control-protocol.h"
#include "libsvc/macro.h"

static const char manager_description[] =
        "# The svcd service manager: units, their state, and the jobs that change it.\n"
        "interface io.svcd.Manager\n"
        "\n"
        "# A unit's status. Names and meanings are systemd's (see systemctl show).\n"
        "# Timestamps are microseconds of CLOCK_REALTIME, 0 when it never happened.\n"
        "type UnitStatus (\n"
        "  Id: string,\n"
        "  Description: string,\n"
        "  LoadState: string,\n"
        "  LoadError: ?string,\n"
        "  ActiveState: string,\n"
        "  SubState: string,\n"
        "  Result: string,\n"
        "  FragmentPath: string,\n"
        "  Type: string,\n"
        "  Restart: string,\n"
        "  MainPID: int,\n"
        "  ExecStart: []string,\n"
        "  ExecMainPID: int,\n"
        "  ExecMainCode: int,\n"
        "  ExecMainStatus: int,\n"
        "  ExecMainStartTimestamp: int,\n"
        "  ExecMainExitTimestamp: int,\n"
        "  ActiveEnterTimestamp: int,\n"
        "  ActiveExitTimestamp: int,\n"
        "  InactiveEnterTimestamp: int,\n"
        "  StateChangeTimestamp: int,\n"
        "  NRestarts: int,\n"
        "  RestartUSec: int,\n"
        "  TimeoutStopUSec: int,\n"
        "  KillMode: string,\n"
        "  StatusErrno: int,\n"
        "  StatusText: string\n"
        ")\n"
        "\n"
        "method ListUnits() -> (units: []UnitStatus)\n"
        "method GetUnit(name: string) -> (unit: UnitStatus)\n"
        "# Replies when the service runs, or with JobFailed when it could not be started.\n"
        "method StartUnit(name: string) -> (unit: UnitStatus)\n"
        "# Replies when the service has stopped (SIGTERM, then SIGKILL after TimeoutStopSec=).\n"
        "method StopUnit(name: string) -> (unit: UnitStatus)\n"
        "method RestartUnit(name: string) -> (unit: UnitStatus)\n"
        "\n"
        "error NoSuchUnit (name: string)\n"
        "error UnitNotLoaded (name: string, LoadState: string, message: string)\n"
        "error JobFailed (name: string, result: string, unit: UnitStatus)\n"
        "error JobCanceled (name: string)\n"
        "error ShuttingDown (name: string)\n"
        "error ProtocolError (reason: string)\n";

static const char service_description[] =
        "# The Varlink service interface (varlink.org).\n"
        "interface org.varlink.service\n"
        "\n"
        "method GetInfo() -> (\n"
        "  vendor: string,\n"
        "  product: string,\n"
        "  version: string,\n"
        "  url: string,\n"
        "  interfaces: []string\n"
        ")\n"
        "\n"
        "method GetInterfaceDescription(interface: string) -> (description: string)\n"
        "\n"
        "error InterfaceNotFound (interface: string)\n"
        "error MethodNotFound (method: string)\n"
        "error MethodNotImplemented (method: string)\n"
        "error InvalidParameter (parameter: string)\n"
        "error PermissionDenied ()\n";

const char *control_protocol_interface_description(const char *interface) {
        if (streq(interface, VARLINK_INTERFACE_MANAGER))
                return manager_description;
        if (streq(interface, VARLINK_INTERFACE_SERVICE))
                return service_description;
        return NULL;
}
