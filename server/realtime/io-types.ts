import type { Namespace, Server, Socket } from 'socket.io';
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from '../../shared/realtime.ts';

/** The Socket.IO server, a namespace and a socket, typed by the shared event contract. */
export type Io = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type Nsp = Namespace<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type StaffSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
