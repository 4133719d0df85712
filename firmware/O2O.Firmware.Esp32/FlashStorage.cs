using System.IO;
using O2O.Firmware.Core;

namespace O2O.Firmware.Esp32
{
    /// <summary>
    /// Device storage as files on the ESP32's internal flash drive ("I:\", confirm with DriveInfo.GetDrives()).
    /// A blob is written to a temporary file, then moved over the old one, so a power cut mid-write leaves the
    /// previous version, never half of each.
    /// </summary>
    internal sealed class FlashStorage : IDeviceStorage
    {
        private const string Folder = "I:\\o2o";

        public FlashStorage()
        {
            if (!Directory.Exists(Folder))
            {
                Directory.CreateDirectory(Folder);
            }
        }

        public byte[]? Read(string name)
        {
            string path = PathOf(name);
            try
            {
                return File.Exists(path) ? File.ReadAllBytes(path) : null;
            }
            catch (IOException)
            {
                return null;
            }
        }

        public bool Write(string name, byte[] data, int length)
        {
            string path = PathOf(name);
            string temporary = path + ".tmp";
            try
            {
                var exact = new byte[length];
                System.Array.Copy(data, exact, length);
                File.WriteAllBytes(temporary, exact);
                if (File.Exists(path))
                {
                    File.Delete(path);
                }

                File.Move(temporary, path);
                return true;
            }
            catch (IOException)
            {
                return false;
            }
        }

        public void Delete(string name)
        {
            string path = PathOf(name);
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }

        private static string PathOf(string name)
        {
            return Folder + "\\" + name + ".json";
        }
    }
}
