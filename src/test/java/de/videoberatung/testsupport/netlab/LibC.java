package de.videoberatung.testsupport.netlab;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;

/** The few libc calls the harness needs that Java lacks: TUN devices, poll and network namespaces. */
interface LibC extends Library {

    LibC INSTANCE = Native.load("c", LibC.class);

    int O_RDWR = 2;
    int POLLIN = 1;
    int CLONE_NEWNET = 0x40000000;

    int open(String path, int flags);

    int ioctl(int fd, NativeLong request, byte[] argument);

    NativeLong read(int fd, byte[] buffer, NativeLong count);

    NativeLong write(int fd, byte[] buffer, NativeLong count);

    int poll(byte[] fds, int count, int timeoutMillis);

    int close(int fd);

    int setns(int fd, int nstype);
}
