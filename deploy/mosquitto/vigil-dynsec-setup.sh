#!/bin/sh
# Gives Vigil its user on a Mosquitto 2 running with the dynamic-security plugin (deploy/mosquitto/vigil.conf),
# once, after `mosquitto_ctrl dynsec init`. Vigil then keeps the devices' users and roles itself.
#
#   deploy/mosquitto/vigil-dynsec-setup.sh HOST PORT ADMIN_USER
#   environment: ADMIN_PASSWORD (of ADMIN_USER, from dynsec init), VIGIL_MQTT_PASSWORD (choose one; Vigil's MQTT_URL has it)
#
# The user is `vigil~platform` (a name no device id can take). Its roles: `vigil-platform` (read and write
# everything under vigil/, devices' topics and the platform's own notices) and the plugin's `admin` role
# (manage users and roles over $CONTROL/dynamic-security/v1). Devices get one role each (Mosquitto 2.0's
# dynsec ACLs do not expand %u): publish and subscribe under vigil/v1/devices/{id}/ only.
set -eu
host=${1:?HOST}; port=${2:?PORT}; admin=${3:?ADMIN_USER}
: "${ADMIN_PASSWORD:?set ADMIN_PASSWORD}" "${VIGIL_MQTT_PASSWORD:?set VIGIL_MQTT_PASSWORD}"
# mosquitto_ctrl answers 0 even on errors ("already exists" on a second run is fine): the check at the end decides
ctrl() { mosquitto_ctrl -h "$host" -p "$port" -u "$admin" -P "$ADMIN_PASSWORD" dynsec "$@" 2>&1 | grep -v -e '^Warning: You are running' -e '^This means all' -e '^$' || true; }
ctrl createRole vigil-platform
ctrl addRoleACL vigil-platform publishClientSend 'vigil/#' allow
ctrl addRoleACL vigil-platform publishClientReceive 'vigil/#' allow
ctrl addRoleACL vigil-platform subscribePattern 'vigil/#' allow
ctrl addRoleACL vigil-platform unsubscribePattern 'vigil/#' allow
ctrl createClient 'vigil~platform' -p "$VIGIL_MQTT_PASSWORD"
ctrl addClientRole 'vigil~platform' vigil-platform
ctrl addClientRole 'vigil~platform' admin
roles=$(ctrl getClient 'vigil~platform')
echo "$roles"
case "$roles" in *vigil-platform*admin*|*admin*vigil-platform*) echo "vigil~platform is ready";; *) echo "setup failed" >&2; exit 1;; esac
